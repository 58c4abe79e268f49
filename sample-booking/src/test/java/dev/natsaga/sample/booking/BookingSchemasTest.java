package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.schema.ClasspathSchemas;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.testing.PublishedEvents;
import dev.natsaga.schema.testing.SchemaContracts;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booking service's contract: a schema for each event it publishes and each payment command and reply it uses
 * (the payment service owns those; its schemas are on this test classpath as they are in the shared registry), its
 * {@link PaymentContract} classes bind the payment schemas' examples, and both services running as processes with
 * {@code SCHEMA_UNKNOWN_TYPES=refuse} publish only events and commands that match them while a booking confirms and
 * another is cancelled.
 */
class BookingSchemasTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final List<String> TYPES = List.of(BookingOutcomes.CONFIRMED_EVENT, BookingOutcomes.CANCELLED_EVENT,
      PaymentContract.AUTHORIZE, PaymentContract.CAPTURE, PaymentContract.VOID, PaymentContract.REFUND,
      PaymentContract.AUTHORIZED, PaymentContract.DECLINED, PaymentContract.CAPTURED, PaymentContract.VOIDED,
      PaymentContract.REFUNDED);

  private final SchemaCatalog catalog = SchemaCatalog.of(ClasspathSchemas.load());

  @Test
  void everyTypeHasASchemaAndTheBookingSidePayloadsBindThePaymentExamples() {
    for (String type : TYPES) {
      assertThat(catalog.find(EventType.parse(type))).as(type).isPresent();
    }
    SchemaContracts.assertBindsExamples(catalog, PaymentContract.AUTHORIZE, PaymentContract.Authorize.class);
    SchemaContracts.assertBindsExamples(catalog, PaymentContract.CAPTURE, PaymentContract.Capture.class);
    SchemaContracts.assertBindsExamples(catalog, PaymentContract.AUTHORIZED, PaymentContract.Authorized.class);
    SchemaContracts.assertBindsExamples(catalog, PaymentContract.CAPTURED, PaymentContract.Authorized.class);
  }

  @Test
  void bothServicesPublishOnlyWhatTheSchemasAllow() throws Exception {
    String env = "schemas";
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", env, "SCHEMA_UNKNOWN_TYPES", "refuse");
    try (Natsaga probe = Natsaga.builder(NatsagaOptions.builder().serviceName("schema-probe").environment(env).natsUrl(NATS.url())
        .build()).build().start();
        PublishedEvents published = PublishedEvents.record(probe.connection(), Environment.of(env));
        SampleServices services = SampleServices.start("schemas", common, Map.of(), Map.of(), Duration.ofSeconds(60))) {
      String confirmed = services.bookings.book(Bookings.slot(), 4_500).text("bookingId");
      String cancelled = services.bookings.book(Bookings.slot(), 250_000).text("bookingId");
      assertThat(services.bookings.outcome(confirmed, Duration.ofSeconds(30)).text("status")).isEqualTo("CONFIRMED");
      assertThat(services.bookings.outcome(cancelled, Duration.ofSeconds(30)).text("status")).isEqualTo("CANCELLED");
      published.awaitCount(1, Duration.ofSeconds(5));
      assertThat(published.events()).extracting(e -> e.getType())
          .contains(PaymentContract.AUTHORIZE, PaymentContract.AUTHORIZED, PaymentContract.CAPTURE, PaymentContract.CAPTURED,
              PaymentContract.DECLINED, BookingOutcomes.CONFIRMED_EVENT, BookingOutcomes.CANCELLED_EVENT);
      published.assertAllMatch(catalog);
      assertThat(services.logs()).doesNotContain("refused").doesNotContain("schema-violation");
    }
  }
}
