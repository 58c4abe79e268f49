package dev.natsaga.saga.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared scenarios over a real nats-server ({@link NatsSagaTestKit}: real orchestrator, scripted participants as
 * framework handlers, a fresh environment per kit), plus what only the NATS kit has: replies on the wire, isolation
 * of kits, cleanup, and the settle timeout's report.
 */
@Timeout(60)
class NatsSagaScenarioTest extends SagaScenarioContract {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Override
  protected SagaScenarioKit newKit() {
    return NatsSagaTestKit.builder(NATS.url()).settleTimeout(Duration.ofSeconds(15)).build();
  }

  private NatsSagaTestKit natsKit() {
    return (NatsSagaTestKit) kit;
  }

  @Test
  void repliesTravelOverNatsCorrelatedWithTheCommand() throws Exception {
    everyoneAgrees();
    List<Event<CloudEvent>> replies = new CopyOnWriteArrayList<>();
    Natsaga probe = Natsaga.builder(NatsagaOptions.builder().natsUrl(NATS.url()).environment(natsKit().environment())
            .serviceName("probe").provisionStreams(false).build())
        .handler(HandlerRegistration.onEvent(AUTHORIZED, CloudEvent.class, replies::add).build())
        .build().start();
    try {
      UUID id = kit.start(ORDER, Order.of("o-w", 700));
      kit.settle();

      kit.expect(id).status(SagaStatus.COMPLETED);
      await().atMost(Duration.ofSeconds(10)).until(() -> !replies.isEmpty());
      Event<CloudEvent> reply = replies.get(0);
      SagaStep authorize = step(id, "authorize-payment", StepPhase.EXECUTE, StepOutcome.SUCCEEDED);
      assertThat(reply.extension("sagaid")).isEqualTo(id.toString());
      assertThat(reply.extension("sagastep")).isEqualTo("authorize-payment");
      assertThat(reply.extension("commandid")).isEqualTo(authorize.commandId().toString());
      assertThat(reply.correlationId()).as("correlation = the saga id").isEqualTo(id.toString());
      assertThat(reply.causationId()).as("caused by the command message").isEqualTo(authorize.messageId().toString());
      assertThat(reply.id()).isEqualTo(authorize.replyId());
      assertThat(reply.subject()).isEqualTo("o-w");
      assertThat(reply.source()).isEqualTo(NatsSagaTestKit.PARTICIPANT_SERVICE);
      assertThat(reply.delivery().natsSubject()).isEqualTo(natsKit().environment() + "." + AUTHORIZED);
    } finally {
      probe.close();
    }
  }

  @Test
  void kitsOnOneServerNeverSeeEachOthersMessages() throws Exception {
    try (NatsSagaTestKit other = withTables(NatsSagaTestKit.builder(NATS.url()).settleTimeout(Duration.ofSeconds(15)).build())) {
      assertThat(other.environment()).isNotEqualTo(natsKit().environment());
      everyoneAgrees();
      other.on(AUTHORIZE).fail(DECLINED);

      UUID here = kit.start(ORDER, Order.of("same-order", 100));
      UUID there = other.start(ORDER, Order.of("same-order", 100));
      kit.settle();
      other.settle();

      kit.expect(here).status(SagaStatus.COMPLETED);
      other.expect(there).status(SagaStatus.COMPENSATED).compensated("reserve-stock");
      assertThat(kit.on(AUTHORIZE).received()).extracting(m -> m.sagaId()).containsExactly(here);
      assertThat(other.on(AUTHORIZE).received()).extracting(m -> m.sagaId()).containsExactly(there);
    }
  }

  @Test
  void closingTheKitDeletesTheStreamsOfItsEnvironment() throws Exception {
    String env;
    try (NatsSagaTestKit other = withTables(NatsSagaTestKit.start(NATS.url()))) {
      env = other.environment();
      other.on(AUTHORIZE).reply(AUTHORIZED, new Authorized("p"));
      other.on(SCHEDULE).reply(SCHEDULED, new Scheduled("s"));
      UUID id = other.start(ORDER, Order.of("o-c", 1));
      other.settle();
      other.expect(id).status(SagaStatus.COMPLETED);
    }
    String prefix = env.toUpperCase().replace('-', '_') + "_";
    Connection nc = NATS.connect();
    assertThat(nc.jetStreamManagement().getStreamNames()).noneMatch(name -> name.startsWith(prefix));
  }

  @Test
  void settleGivesUpWithWhatIsPendingAndTheTimeline() {
    UUID id = kit.start(ORDER, Order.of("o-t", 1));   // nobody handles authorize: the saga waits for its timeout

    assertThatThrownBy(() -> natsKit().settle(Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("sagas did not settle within 300 ms over NATS")
        .hasMessageContaining("environment " + natsKit().environment())
        .hasMessageContaining("1 of 1 saga(s) still active")
        .hasMessageContaining("saga " + id + " order.place v1: RUNNING at step authorize-payment (attempt 1)")
        .satisfies(e -> assertThat(e.getMessage())
            .containsPattern("reserve-stock +EXECUTE +SUCCEEDED")
            .containsPattern("authorize-payment +EXECUTE +STARTED"));
  }

  @Test
  void awaitReturnsTheSettledSagaWhoseTimelineShowsEveryStep() throws Exception {
    everyoneAgrees();
    UUID id = kit.start(ORDER, Order.of("o-a", 300));

    SagaView done = kit.engine().await(id, Duration.ofSeconds(15));

    assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
    assertThat(SagaTimeline.render(done))
        .startsWith("saga " + id + " order.place v1: COMPLETED\n")
        .containsPattern("time \\(UTC\\) +step +phase +outcome +detail")
        .containsPattern("reserve-stock +EXECUTE +SUCCEEDED")
        .containsPattern("authorize-payment +EXECUTE +SUCCEEDED +payment.transaction.authorized.v1 +\\(\\d+ ms\\)")
        .containsPattern("\\(saga\\) +COMPLETED");
  }

  @Test
  void awaitGivesUpAfterItsTimeoutShowingTheTimelineAndRefusesAnUnknownSaga() {
    UUID id = kit.start(ORDER, Order.of("o-b", 1));   // nobody handles authorize

    assertThatThrownBy(() -> kit.engine().await(id, Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("saga " + id + " is still RUNNING after PT0.3S")
        .hasMessageContaining("RUNNING at step authorize-payment (attempt 1)");
    assertThatThrownBy(() -> kit.engine().await(UUID.randomUUID(), Duration.ofMillis(100)))
        .isInstanceOf(SagaNotFoundException.class);
  }
}
