package dev.natsaga.saga.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDefinitionException;
import dev.natsaga.saga.SagaRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaDslTest {

  record State(String id) { }

  record Reply(String ref) { }

  private static SagaBuilder.Start<State> saga() {
    return Saga.define("order.place", State.class);
  }

  @Test
  void buildsAnImmutableDefinitionThatReadsLikeTheProcess() {
    SagaDefinition<State> def = saga().version(3)
        .step("reserve").localRun(ctx -> { }).compensate(ctx -> { })
        .step("pay")
          .send(s -> Command.of("payment.transaction.authorize.v1", Map.of("id", s.id())))
          .onReply("payment.transaction.authorized.v1", Reply.class, (s, r) -> new State(r.ref()))
          .failOn("payment.transaction.declined.v1")
          .timeout(Duration.ofSeconds(5)).retry(Retry.exponential(3, Duration.ofMillis(200)))
          .compensateWith(s -> Command.of("payment.transaction.void.v1", Map.of()))
          .confirmedBy("payment.transaction.voided.v1")
        .step("confirm").local(ctx -> ctx.state())
        .build();
    assertThat(def.name()).isEqualTo("order.place");
    assertThat(def.version()).isEqualTo(3);
    assertThat(def.stepNames()).containsExactly("reserve", "pay", "confirm");
    assertThat(def.replyTypes()).containsExactlyInAnyOrder("payment.transaction.authorized.v1",
        "payment.transaction.declined.v1", "payment.transaction.voided.v1");
  }

  @Test
  void duplicateStepNamesAreRefusedNamingSagaAndStep() {
    assertThatThrownBy(() -> saga().step("a").localRun(ctx -> { }).step("a").localRun(ctx -> { }).build())
        .isInstanceOf(SagaDefinitionException.class)
        .hasMessageContaining("'order.place'").hasMessageContaining("step 'a': duplicate step name");
  }

  @Test
  void blankNamesAreRefused() {
    assertThatThrownBy(() -> Saga.define(" ", State.class).step("a").localRun(ctx -> { }).build())
        .hasMessageContaining("saga name must be non-blank");
    assertThatThrownBy(() -> saga().step("ok").localRun(ctx -> { }).step("").localRun(ctx -> { }).build())
        .hasMessageContaining("step #2 has a blank");
  }

  @Test
  void remoteStepNeedsAWellFormedReplyType() {
    assertThatThrownBy(() -> saga().step("pay").send(s -> Command.of("payment.transaction.authorize.v1", Map.of()))
        .onReply("").build())
        .isInstanceOf(SagaDefinitionException.class)
        .hasMessageContaining("step 'pay': reply type must not be blank");
    assertThatThrownBy(() -> saga().step("pay").send(s -> Command.of("payment.transaction.authorize.v1", Map.of()))
        .onReply("Payment.Authorized").failOn("payment.transaction.authorized.v1").build())
        .hasMessageContaining("step 'pay': reply type 'Payment.Authorized' must match {domain}.{entity}.{action}.v{N}");
  }

  @Test
  void contradictoryOrMissingSettingsNameTheStep() {
    assertThatThrownBy(() -> saga().step("pay").send(s -> null).onReply("a.b.done.v1").failOn("a.b.done.v1")
        .timeout(Duration.ZERO).build())
        .hasMessageContaining("step 'pay': 'a.b.done.v1' is both a success reply and a failOn type")
        .hasMessageContaining("step 'pay': timeout must be positive");
    assertThatThrownBy(() -> saga().step("undo").localRun(ctx -> { }).compensate(null).build())
        .hasMessageContaining("step 'undo': compensation is null");
    assertThatThrownBy(() -> saga().step("x").local(null).build()).hasMessageContaining("step 'x': local action is null");
    assertThatThrownBy(() -> saga().version(0).step("x").localRun(ctx -> { }).build())
        .hasMessageContaining("version must be at least 1");
  }

  @Test
  void aBuiltDefinitionCannotBeExtended() {
    SagaBuilder.LocalStep<State> last = saga().step("a").localRun(ctx -> { });
    last.build();
    assertThatThrownBy(() -> last.step("b")).isInstanceOf(IllegalStateException.class).hasMessageContaining("already built");
  }

  @Test
  void commandTypesFollowTheNamingRule() {
    assertThat(Command.of("booking.appointment.confirm.v12", Map.of()).type()).isEqualTo("booking.appointment.confirm.v12");
    assertThatThrownBy(() -> Command.of("payment.authorize", Map.of()))
        .hasMessageContaining("command type 'payment.authorize' must match {domain}.{entity}.{action}.v{N}");
    assertThatThrownBy(() -> Command.of("payment.transaction.authorize.v0", Map.of())).hasMessageContaining("must match");
    assertThatThrownBy(() -> Command.of("payment.transaction.authorize.v1", null)).hasMessageContaining("payload");
  }

  @Test
  void aCommandIsImperativeAndAReplyIsPastTense() {
    assertThatThrownBy(() -> Command.of("payment.transaction.authorized.v1", Map.of()))
        .hasMessageContaining("command type").hasMessageContaining("must be imperative").hasMessageContaining("'authorized'");
    assertThatThrownBy(() -> saga().step("pay").send(s -> null).onReply("payment.transaction.authorize.v1")
        .failOn("payment.transaction.decline.v1").build())
        .isInstanceOf(SagaDefinitionException.class)
        .hasMessageContaining("reply type: ").hasMessageContaining("must be past tense (e.g. 'confirmed'), was 'authorize'")
        .hasMessageContaining("failOn type: ").hasMessageContaining("was 'decline'");
  }

  @Test
  void retryDelaysGrowAndAreCapped() {
    Retry retry = Retry.exponential(5, Duration.ofMillis(200)).withMaxDelay(Duration.ofMillis(500));
    assertThat(retry.delayBefore(1)).isZero();
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(retry.delayBefore(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(retry.allows(5)).isTrue();
    assertThat(retry.allows(6)).isFalse();
    assertThat(Retry.none().allows(2)).isFalse();
    assertThat(Retry.DEFAULT_COMPENSATION.maxAttempts()).isEqualTo(5);
    assertThatThrownBy(() -> Retry.fixed(0, Duration.ZERO)).hasMessageContaining("at least 1");
  }

  @Test
  void registryKeepsEveryVersionAndRefusesAConflictingOne() {
    SagaDefinition<State> v1 = saga().version(1).step("a").localRun(ctx -> { }).build();
    SagaDefinition<State> v2 = saga().version(2).step("a").localRun(ctx -> { }).build();
    SagaRegistry registry = new SagaRegistry().register(v1).register(v2).register(v1);
    assertThat(registry.find("order.place", 1)).containsSame(v1);
    assertThat(registry.latest("order.place")).containsSame(v2);
    assertThat(registry.all()).hasSize(2);
    SagaDefinition<State> otherV1 = saga().version(1).step("b").localRun(ctx -> { }).build();
    assertThatThrownBy(() -> registry.register(otherV1)).hasMessageContaining("version 1 is already registered");
    assertThatThrownBy(() -> registry.require("order.place", 7))
        .hasMessageContaining("saga 'order.place' version 7 is not registered");
  }

  @Test
  void aParallelGroupNeedsTwoBranchesAndAnUnusedName() {
    assertThatThrownBy(() -> saga().step("a").localRun(ctx -> { })
        .parallel("a").branch("b").send(s -> Command.of("travel.flight.book.v1", Map.of())).onReply("travel.flight.booked.v1")
        .join().build())
        .isInstanceOf(SagaDefinitionException.class)
        .hasMessageContaining("parallel group 'a': the name is already used")
        .hasMessageContaining("parallel group 'a' has 1 branch(es); a group needs at least two");
  }

  @Test
  void theSagaDeadlineMustBePositive() {
    assertThatThrownBy(() -> saga().deadline(Duration.ZERO).step("a").localRun(ctx -> { }).build())
        .hasMessageContaining("the saga deadline must be positive, got PT0S");
  }
}
