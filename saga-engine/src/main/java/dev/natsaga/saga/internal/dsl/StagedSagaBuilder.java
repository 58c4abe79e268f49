package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDefinitionException;
import java.util.ArrayList;
import java.util.List;

/** The saga-level stage of the DSL: name, state type, version and the ordered step drafts. */
public final class StagedSagaBuilder<S> implements SagaBuilder.Start<S> {

  private final String name;
  private final Class<S> stateType;
  private int version = 1;
  private final List<StepDraft<S>> steps = new ArrayList<>();
  private boolean built;

  public StagedSagaBuilder(String name, Class<S> stateType) {
    this.name = name;
    this.stateType = stateType;
  }

  @Override
  public SagaBuilder.Steps<S> version(int newVersion) {
    this.version = newVersion;
    return this;
  }

  @Override
  public SagaBuilder.StepKind<S> step(String stepName) {
    requireNotBuilt();
    StepDraft<S> draft = new StepDraft<>(stepName);
    steps.add(draft);
    return new StagedStepBuilder<>(this, draft);
  }

  SagaDefinition<S> build() {
    requireNotBuilt();
    List<String> problems = new DefinitionValidator<>(name, stateType, version, steps).problems();
    if (!problems.isEmpty()) {
      throw new SagaDefinitionException("invalid saga definition '" + name + "' v" + version + ": " + String.join("; ", problems));
    }
    built = true;
    List<StepDefinition<S>> frozen = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      frozen.add(new StepDefinition<>(i, steps.get(i)));
    }
    return new DefinedSaga<>(name, version, stateType, frozen);
  }

  private void requireNotBuilt() {
    if (built) {
      throw new IllegalStateException("saga definition '" + name + "' was already built; start a new Saga.define(...)");
    }
  }
}
