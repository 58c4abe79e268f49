package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.sample.payment.PaymentMessages.Authorize;
import dev.natsaga.sample.payment.PaymentMessages.Authorized;
import dev.natsaga.sample.payment.PaymentMessages.Capture;
import dev.natsaga.sample.payment.PaymentMessages.Declined;
import dev.natsaga.sample.payment.PaymentMessages.Refund;
import dev.natsaga.sample.payment.PaymentMessages.Released;
import dev.natsaga.sample.payment.PaymentMessages.VoidPayment;
import dev.natsaga.schema.ClasspathSchemas;
import dev.natsaga.schema.KvSchemaRegistry;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.testing.PublishedEvents;
import dev.natsaga.schema.testing.SchemaContracts;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payment service's schemas: one for every command it handles and reply it sends, each bound by the payload class
 * that reads or writes it, registered in the environment's registry at start-up, and every reply the running service
 * publishes (authorized, declined, captured, voided, refunded) valid against them.
 */
class PaymentSchemasTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Map<String, Class<?>> PAYLOADS = Map.of(
      PaymentMessages.AUTHORIZE, Authorize.class, PaymentMessages.CAPTURE, Capture.class,
      PaymentMessages.VOID, VoidPayment.class, PaymentMessages.REFUND, Refund.class,
      PaymentMessages.AUTHORIZED, Authorized.class, PaymentMessages.CAPTURED, Authorized.class,
      PaymentMessages.DECLINED, Declined.class, PaymentMessages.VOIDED, Released.class, PaymentMessages.REFUNDED, Released.class);

  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());

  @Test
  void everyCommandAndReplyHasASchemaThatItsPayloadClassBinds() {
    PAYLOADS.forEach((type, payload) -> SchemaContracts.assertBindsExamples(catalog, type, payload));
  }

  @Test
  void theRunningServiceRegistersItsSchemasAndPublishesOnlyValidReplies() throws Exception {
    String env = "payschema";
    Path dir = Files.createTempDirectory("payment-schemas-");
    String db = "jdbc:h2:file:" + dir.resolve("payment") + ";DB_CLOSE_ON_EXIT=FALSE";
    try (PaymentApplication payment = PaymentApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", env, "HTTP_PORT", "0",
        "PAYMENT_DB_URL", db));
        Natsaga probe = Natsaga.builder(NatsagaOptions.builder().serviceName("payment-probe").environment(env).natsUrl(NATS.url())
            .build()).build().start();
        PublishedEvents published = PublishedEvents.record(probe.connection(), Environment.of(env));
        KvSchemaRegistry registry = KvSchemaRegistry.open(probe.connection(), Environment.of(env))) {
      for (String type : PAYLOADS.keySet()) {
        assertThat(registry.find(EventType.parse(type))).as(type + " registered at start-up").isPresent();
      }
      String ok = "b-" + UUID.randomUUID();
      send(probe, published, PaymentMessages.AUTHORIZE, Map.of("bookingId", ok, "customerId", "c-1", "amount", 500, "currency", "EUR"));
      send(probe, published, PaymentMessages.CAPTURE, Map.of("bookingId", ok));
      send(probe, published, PaymentMessages.REFUND, Map.of("bookingId", ok, "amount", 500, "currency", "EUR", "reason", "test"));
      String above = "b-" + UUID.randomUUID();
      send(probe, published, PaymentMessages.AUTHORIZE, Map.of("bookingId", above, "customerId", "c-1", "amount", 900_000, "currency", "EUR"));
      send(probe, published, PaymentMessages.VOID, Map.of("bookingId", above));
      send(probe, published, PaymentMessages.AUTHORIZE, Map.of("customerId", "c-1"));          // broken: declined, not dead-lettered
      await().atMost(Duration.ofSeconds(30)).until(() -> replies(published).size() == 6);
      assertThat(replies(published)).extracting(e -> e.getType()).contains(PaymentMessages.AUTHORIZED, PaymentMessages.CAPTURED,
          PaymentMessages.REFUNDED, PaymentMessages.DECLINED, PaymentMessages.VOIDED);
      published.assertAllMatch(catalog, e -> "payment-service".equals(e.getSource().toString()));
      assertThat(probe.deadLetters().count()).isZero();
    }
  }

  private static List<io.cloudevents.CloudEvent> replies(PublishedEvents published) {
    return published.events().stream().filter(e -> "payment-service".equals(e.getSource().toString())
        && e.getType().startsWith("payment.transaction.")).toList();
  }

  /** Sends a command and waits for its reply, so the next command sees its effect. */
  private static void send(Natsaga probe, PublishedEvents published, String type, Object payload) {
    int before = replies(published).size();
    String sagaId = UUID.randomUUID().toString();
    probe.publisher().publish(OutgoingEvent.command(type, payload).extension("sagaid", sagaId).extension("sagastep", "authorize-payment")
        .extension("commandid", UUID.randomUUID().toString()).correlationId(sagaId).build());
    await().atMost(Duration.ofSeconds(15)).until(() -> replies(published).size() > before);
  }
}
