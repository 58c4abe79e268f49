package dev.natsaga.saga.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaStart;
import org.junit.jupiter.api.Test;

/** The actor a saga is started with: the CloudEvents authcontext vocabulary, bounded printable ids. */
class SagaActorTest {

  @Test
  void anUnknownAuthtypeIsRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> SagaActor.of("admin", "root")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authtype 'admin'").hasMessageContaining("service_account");
  }

  @Test
  void anIdWithControlCharactersOrTooLongIsRefused() {
    assertThatThrownBy(() -> SagaActor.of(SagaActor.USER, "alice\nadmin")).hasMessageContaining("printable");
    assertThatThrownBy(() -> SagaActor.of(SagaActor.USER, "a".repeat(SagaActor.MAX_ID + 1)))
        .hasMessageContaining("1.." + SagaActor.MAX_ID);
    assertThatThrownBy(() -> SagaActor.of(SagaActor.USER, "")).hasMessageContaining("authid");
    assertThat(SagaActor.of(SagaActor.USER, "zoë@example.com").id()).isEqualTo("zoë@example.com");
  }

  @Test
  void appliesAuthtypeAndAuthidAndLeavesOutAMissingId() {
    OutgoingEvent<String> named = SagaActor.of(SagaActor.USER, "alice").applyTo(OutgoingEvent.event("shop.order.placed.v1", "x")).build();
    assertThat(named.extensions()).containsEntry("authtype", "user").containsEntry("authid", "alice");
    OutgoingEvent<String> anonymous = SagaActor.unauthenticated().applyTo(OutgoingEvent.event("shop.order.placed.v1", "x")).build();
    assertThat(anonymous.extensions()).containsEntry("authtype", "unauthenticated").doesNotContainKey("authid");
  }

  @Test
  void outsideAHandlerThereIsNoDefaultActor() {
    assertThat(SagaStart.defaults().actorOrCurrent()).isNull();
    SagaActor batch = SagaActor.of(SagaActor.SERVICE_ACCOUNT, "nightly");
    assertThat(SagaStart.builder().actor(batch).build().actorOrCurrent()).isEqualTo(batch);
  }
}
