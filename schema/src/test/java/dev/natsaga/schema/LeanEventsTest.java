package dev.natsaga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Size budgets per type and the claim-check on the JetStream object store, with a real nats-server. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LeanEventsTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String RENDERED = "shop.invoice.rendered.v1";
  private static final String NOTED = "shop.order.noted.v1";

  /** A payload with a large field. */
  record Rendered(String invoiceId, String body) {
  }

  @Test
  void aPublishOverItsTypesBudgetIsRefusedNamingSizeAndBudget() throws Exception {
    String env = TestEnv.freshEnv();
    SizeBudget budget = SizeBudget.builder().defaultBudget(4096).budget(NOTED, 64).build();
    try (Natsaga natsaga = TestEnv.start(TestEnv.options(NATS.url(), env, "shop"), List.of(budget))) {
      assertThatThrownBy(() -> natsaga.publisher().publish(NOTED, Map.of("note", "n".repeat(100))))
          .isInstanceOf(PayloadRefusedException.class)
          .hasMessageContaining(NOTED).hasMessageContaining("is 111 bytes").hasMessageContaining("size budget of 64 bytes");
      assertThat(natsaga.publisher().publish(RENDERED, new Rendered("i-1", "b".repeat(3000))).sequence()).isPositive();
      assertThat(natsaga.connection().jetStreamManagement().getStreamInfo(env.toUpperCase() + "_SHOP").getStreamState().getMsgCount())
          .as("only the event within its budget was sent").isEqualTo(1);
    }
  }

  @Test
  void aLargePayloadTravelsByClaimCheckAndIsReadBackTransparently() throws Exception {
    String env = TestEnv.freshEnv();
    Map<String, Rendered> handled = new ConcurrentHashMap<>();
    HandlerRegistration<Rendered> handler = HandlerRegistration.onEvent(RENDERED, Rendered.class,
        (Event<Rendered> e) -> handled.put(e.data().invoiceId(), e.data())).build();
    try (Natsaga bootstrap = TestEnv.start(TestEnv.options(NATS.url(), env, "bootstrap"), List.of())) {
      ClaimCheck claims = ClaimCheck.create(bootstrap.connection(), Environment.of(env), 16 * 1024, Duration.ofMinutes(10));
      SizeBudget budget = SizeBudget.builder().defaultBudget(8 * 1024).build();
      try (Natsaga producer = TestEnv.start(TestEnv.options(NATS.url(), env, "renderer"), List.of(claims, budget));
          Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "mailer"), List.of(claims), handler)) {
        Rendered big = new Rendered("i-big", "pdf".repeat(200_000));
        PublishResult sent = producer.publisher().publish(RENDERED, big);
        producer.publisher().publish(RENDERED, new Rendered("i-small", "tiny"));
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 2);
        assertThat(handled.get("i-big")).isEqualTo(big);
        assertThat(handled.get("i-small").body()).isEqualTo("tiny");
        byte[] onTheWire = consumer.connection().jetStreamManagement().getMessage(sent.stream(), sent.sequence()).getData();
        assertThat(onTheWire.length).as("the stream holds a reference, not 600 KB").isLessThan(1024);
        assertThat(new String(onTheWire)).contains("\"claimcheck\"").contains(env.toUpperCase() + "_CLAIMS");
        assertThat(consumer.connection().objectStore(env.toUpperCase() + "_CLAIMS").getInfo(sent.eventId()).getSize())
            .isGreaterThan(600_000);
      }
    }
  }

  @Test
  void anEventWhoseClaimedDataExpiredIsDeadLettered() throws Exception {
    String env = TestEnv.freshEnv();
    Map<String, Rendered> handled = new ConcurrentHashMap<>();
    HandlerRegistration<Rendered> handler = HandlerRegistration.onEvent(RENDERED, Rendered.class,
        (Event<Rendered> e) -> handled.put(e.data().invoiceId(), e.data())).build();
    try (Natsaga bootstrap = TestEnv.start(TestEnv.options(NATS.url(), env, "bootstrap"), List.of())) {
      ClaimCheck shortLived = ClaimCheck.create(bootstrap.connection(), Environment.of(env), 1024, Duration.ofSeconds(1));
      PublishResult sent;
      try (Natsaga producer = TestEnv.start(TestEnv.options(NATS.url(), env, "renderer"), List.of(shortLived))) {
        sent = producer.publisher().publish(RENDERED, new Rendered("i-1", "x".repeat(5000)));
      }
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
          bootstrap.connection().objectStore(env.toUpperCase() + "_CLAIMS").getInfo(sent.eventId()) == null);
      try (Natsaga consumer = TestEnv.start(TestEnv.options(NATS.url(), env, "mailer"), List.of(shortLived), handler)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.deadLetters().count() == 1);
        DeadLetter dead = consumer.deadLetters().list(0, 1).get(0);
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.CLAIM_CHECK_MISSING);
        assertThat(dead.error()).contains(sent.eventId()).contains("expired or deleted");
        assertThat(handled).isEmpty();
      }
    }
  }
}
