package dev.natsaga.saga.internal.dsl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.SagaDefinitionException;
import org.junit.jupiter.api.Test;

class StagedSagaBuilderTest {

  @Test
  void aSagaWithoutStepsIsRefused() {
    // Saga.define(...) offers no build() before the first step; the runtime check guards the model anyway.
    assertThatThrownBy(() -> new StagedSagaBuilder<>("order.place", String.class).build())
        .isInstanceOf(SagaDefinitionException.class)
        .hasMessage("invalid saga definition 'order.place' v1: it has no steps; add at least one step(name)");
  }
}
