package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's three bookings, and more, against a real nats-server with both services as real, separate JVM processes
 * (each with its own H2 database), talking only through NATS: a booking confirms with its payment captured; a
 * declined payment cancels the booking, leaves the payment DECLINED and the slot free; a booking of a held slot is
 * cancelled without any payment. Each outcome's event is seen on the booking stream, and both services stop cleanly
 * on SIGTERM.
 */
class BookingEndToEndTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "e2e";
  private static final Duration OUTCOME = Duration.ofSeconds(30);
  private static final ConcurrentLinkedQueue<Event<JsonNode>> EVENTS = new ConcurrentLinkedQueue<>();

  private static ServiceProcess payment;
  private static ServiceProcess booking;
  private static Natsaga probe;
  private static Bookings bookings;

  @BeforeAll
  static void startServices() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "e2e")).toAbsolutePath();
    Path run = Files.createTempDirectory(dir, "run-");
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "NATSAGA_LOG_LEVEL", "INFO");
    Map<String, String> paymentEnv = new java.util.HashMap<>(common);
    paymentEnv.put("SERVICE_NAME", "payment-service");
    paymentEnv.put("PAYMENT_DB_URL", "jdbc:h2:file:" + run.resolve("payment"));
    Map<String, String> bookingEnv = new java.util.HashMap<>(common);
    bookingEnv.put("SERVICE_NAME", "booking-service");
    bookingEnv.put("BOOKING_DB_URL", "jdbc:h2:file:" + run.resolve("booking"));
    payment = ServiceProcess.start("payment service", "dev.natsaga.sample.payment.PaymentApplication", paymentEnv,
        ServiceProcess.freePort(), run.resolve("payment.log"));
    booking = ServiceProcess.start("booking service", "dev.natsaga.sample.booking.BookingApplication", bookingEnv,
        ServiceProcess.freePort(), run.resolve("booking.log"));
    payment.awaitHealthy(Duration.ofSeconds(60));
    booking.awaitHealthy(Duration.ofSeconds(60));
    bookings = new Bookings(booking.url(""));

    probe = Natsaga.builder(NatsagaOptions.builder().serviceName("e2e-probe").environment(ENV).natsUrl(NATS.url()).build())
        .handler(HandlerRegistration.onEvent(BookingOutcomes.CONFIRMED_EVENT, JsonNode.class, EVENTS::add).build())
        .handler(HandlerRegistration.onEvent(BookingOutcomes.CANCELLED_EVENT, JsonNode.class, EVENTS::add).build())
        .build().start();
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (probe != null) {
      probe.close();
    }
    List<String> unclean = new ArrayList<>();
    for (ServiceProcess p : new ServiceProcess[] {booking, payment}) {
      if (p != null && (!p.stop(Duration.ofSeconds(20)) || !p.log().contains("service stopped"))) {
        unclean.add(p.logTail());
      }
      if (p != null) {
        p.close();
      }
    }
    assertThat(unclean).as("services stop cleanly on SIGTERM").isEmpty();
  }

  @Test
  void aBookingIsConfirmedAndItsPaymentCaptured() throws Exception {
    Http.Response created = bookings.book(Bookings.slot(), 4_500);
    String bookingId = created.text("bookingId");

    Http.Response outcome = bookings.outcome(bookingId, OUTCOME);
    assertThat(outcome.text("status")).isEqualTo("CONFIRMED");
    assertThat(outcome.text("reason")).isNull();
    assertThat(outcome.text("sagaStatus")).isEqualTo("COMPLETED");
    assertThat(payment(bookingId)).satisfies(p -> {
      assertThat(p.status()).isEqualTo(200);
      assertThat(p.text("status")).isEqualTo("CAPTURED");
      assertThat(p.body().get("amount").asLong()).isEqualTo(4_500);
      assertThat(p.body().has("card")).as("no card given, none shown").isFalse();
    });

    Http.Response saga = bookings.saga(created.text("sagaId"));
    assertThat(saga.status()).isEqualTo(200);
    assertThat(saga.text("status")).isEqualTo("COMPLETED");
    assertThat(steps(saga)).containsExactly("reserve-slot EXECUTE SUCCEEDED", "authorize-payment EXECUTE SUCCEEDED",
        "confirm-booking EXECUTE SUCCEEDED", "capture-payment EXECUTE SUCCEEDED");
    assertThat(saga.body().get("state").get("paymentId").asText()).isNotBlank();

    Event<JsonNode> event = event(BookingOutcomes.CONFIRMED_EVENT, bookingId);
    assertThat(event.data().get("amount").asLong()).isEqualTo(4_500);
    assertThat(event.correlationId()).isEqualTo(created.text("sagaId"));
    assertThat(event.source()).isEqualTo("booking-service");
  }

  @Test
  void aBookingPaidByCardIsConfirmedAndTheCardTravelsEncrypted() throws Exception {
    String number = "4242424242424242";
    Http.Response created = bookings.bookWithCard(Bookings.slot(), 3_100, "4242 4242 4242 4242", "Ada Lovelace", "12/30");
    String bookingId = created.text("bookingId");

    assertThat(bookings.outcome(bookingId, OUTCOME).text("status")).isEqualTo("CONFIRMED");
    Http.Response paid = payment(bookingId);
    assertThat(paid.text("status")).isEqualTo("CAPTURED");
    assertThat(paid.text("card")).isEqualTo("**** 4242");
    assertThat(paid.body().toString()).doesNotContain(number).doesNotContain("Ada Lovelace");
    Http.Response saga = bookings.saga(created.text("sagaId"));
    assertThat(saga.body().get("state").has("card")).as("the booking keeps no card once authorized").isFalse();

    List<io.nats.client.api.MessageInfo> commands = RawStream.messages(NATS.url(), "E2E_PAYMENT",
        ENV + ".payment.transaction.authorize.v1");
    io.nats.client.api.MessageInfo authorize = commands.stream()
        .filter(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(bookingId)).findFirst().orElseThrow();
    String raw = RawStream.text(authorize);
    assertThat(raw).doesNotContain(number).doesNotContain("4242 4242").doesNotContain("Ada Lovelace").doesNotContain("12/30")
        .contains("enckeyid").contains("/card");
    java.nio.file.Path store = NATS.server().storeDir();
    assertThat(RawStream.storeFilesContaining(store, bookingId)).as("the store files searched hold the booking's messages")
        .isNotEmpty();
    assertThat(RawStream.storeFilesContaining(store, number)).as("card number in a store file").isEmpty();
    assertThat(RawStream.storeFilesContaining(store, "Ada Lovelace")).as("card holder in a store file").isEmpty();
    assertThat(payment.log() + booking.log()).as("no card detail in either service's log")
        .doesNotContain(number).doesNotContain("Ada Lovelace");
  }

  @Test
  void aDeclinedPaymentCancelsTheBookingAndFreesTheSlot() throws Exception {
    String slot = Bookings.slot();
    Http.Response created = bookings.book(slot, 250_000);
    String bookingId = created.text("bookingId");

    Http.Response outcome = bookings.outcome(bookingId, OUTCOME);
    assertThat(outcome.text("status")).isEqualTo("CANCELLED");
    assertThat(outcome.text("reason")).contains("payment declined");
    assertThat(outcome.text("sagaStatus")).isEqualTo("COMPENSATED");
    assertThat(payment(bookingId).text("status")).isEqualTo("DECLINED");
    assertThat(steps(bookings.saga(created.text("sagaId")))).containsExactly("reserve-slot EXECUTE SUCCEEDED",
        "authorize-payment EXECUTE FAILED", "reserve-slot COMPENSATE SUCCEEDED");
    assertThat(event(BookingOutcomes.CANCELLED_EVENT, bookingId).data().get("reason").asText()).contains("payment declined");

    Http.Response again = bookings.book(slot, 4_500);
    assertThat(bookings.outcome(again.text("bookingId"), OUTCOME).text("status")).as("the slot was released").isEqualTo("CONFIRMED");
    assertThat(payment(again.text("bookingId")).text("status")).isEqualTo("CAPTURED");
  }

  @Test
  void aHeldSlotCancelsTheBookingWithoutAnyPayment() throws Exception {
    String slot = Bookings.slot();
    Http.Response first = bookings.book(slot, 3_000);
    Http.Response second = bookings.book(slot, 3_000);
    String bookingId = second.text("bookingId");

    Http.Response outcome = bookings.outcome(bookingId, OUTCOME);
    assertThat(outcome.text("status")).isEqualTo("CANCELLED");
    assertThat(outcome.text("reason")).isEqualTo("slot '" + slot + "' is already held by booking " + first.text("bookingId"));
    assertThat(steps(bookings.saga(second.text("sagaId")))).containsExactly("reserve-slot EXECUTE FAILED");
    assertThat(event(BookingOutcomes.CANCELLED_EVENT, bookingId)).isNotNull();
    assertThat(payment(bookingId).status()).as("no payment at all").isEqualTo(404);

    assertThat(bookings.outcome(first.text("bookingId"), OUTCOME).text("status")).isEqualTo("CONFIRMED");
    assertThat(payment(bookingId).status()).isEqualTo(404);
  }

  @Test
  void errorsAreJson() throws Exception {
    Http.Response unknownBooking = Http.get(booking.url("/bookings/nope"));
    assertThat(unknownBooking.status()).isEqualTo(404);
    assertThat(unknownBooking.text("error")).contains("nope");
    assertThat(Http.get(booking.url("/sagas/" + java.util.UUID.randomUUID())).status()).isEqualTo(404);
    assertThat(Http.get(booking.url("/sagas/not-a-uuid")).status()).isEqualTo(404);
    assertThat(Http.get(booking.url("/nowhere")).status()).isEqualTo(404);
    Http.Response wrongMethod = Http.send("DELETE", booking.url("/bookings"), null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.text("error")).contains("DELETE");
    Http.Response badBody = Http.post(booking.url("/bookings"), "{\"customerId\":");
    assertThat(badBody.status()).isEqualTo(400);
    assertThat(badBody.text("error")).contains("not valid JSON");
    Http.Response health = Http.get(payment.url("/health"));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("nats")).isEqualTo("UP");
    assertThat(health.text("database")).isEqualTo("UP");
  }

  private static Http.Response payment(String bookingId) throws Exception {
    return Http.get(payment.url("/payments/" + bookingId));
  }

  private static List<String> steps(Http.Response saga) {
    List<String> steps = new ArrayList<>();
    saga.body().get("steps").forEach(s -> steps.add(s.get("step").asText() + " " + s.get("phase").asText() + " " + s.get("outcome").asText()));
    return steps;
  }

  private static Event<JsonNode> event(String type, String bookingId) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> EVENTS.stream()
        .filter(e -> e.type().name().equals(type) && bookingId.equals(e.subject())).findFirst().orElse(null), e -> e != null);
  }

  @Test
  void theDemoReportPrintsEachOutcomeWithItsSagaTimeline() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();

    boolean allOk = DemoReport.run(booking.url(""), payment.url(""), new PrintStream(report, true, StandardCharsets.UTF_8));

    String text = report.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(allOk).as(text).isTrue();
    assertThat(text)
        .contains("all three outcomes as expected")
        .contains("payment CAPTURED on card **** 4242").doesNotContain("4242 4242")
        .containsPattern("saga [0-9a-f-]{36} booking\\.create v\\d+: COMPLETED")
        .containsPattern("authorize-payment +EXECUTE +SUCCEEDED +payment\\.transaction\\.authorized\\.v1 +\\(\\d+ ms\\)")
        .containsPattern("authorize-payment +EXECUTE +FAILED +payment\\.transaction\\.declined\\.v1")
        .containsPattern("\\(saga\\) +COMPENSATED");
  }
}
