package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booking service in this JVM (no payment service needed): every malformed or incomplete {@code POST /bookings}
 * is a 400 whose message names the field, and nothing is stored or started (the database is checked); start-up fails
 * naming a bad setting.
 */
class BookingHttpTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "httptest";
  private static String dbUrl;
  private static BookingApplication app;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("booking-http-test-");
    dbUrl = "jdbc:h2:file:" + dir.resolve("booking") + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    app = BookingApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0", "BOOKING_DB_URL", dbUrl,
        "BOOKING_SWEEP_INTERVAL", "300ms"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void badBodiesAre400NamingTheFieldAndStartNothing() throws Exception {
    String valid = Bookings.body(Bookings.slot(), 4_500);
    long bookings = count("SELECT COUNT(*) FROM booking");
    long sagas = count("SELECT COUNT(*) FROM saga_instance");
    long commands = count("SELECT COUNT(*) FROM natsaga_outbox");
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("", "request body is required");
    cases.put("{\"customerId\":", "not valid JSON");
    cases.put("[1,2]", "must be a JSON object");
    cases.put(valid.replace("\"customerId\":\"c-1\",", ""), "'customerId' is required");
    cases.put(valid.replace("\"serviceId\":\"haircut\"", "\"serviceId\":\"\""), "'serviceId' must be a non-empty string");
    cases.put(valid.replaceAll("\"slotId\":\"[^\"]+\"", "\"slotId\":42"), "'slotId' must be a non-empty string");
    cases.put(valid.replace("\"startTime\":\"2026-12-01T10:00:00Z\"", "\"startTime\":\"tomorrow\""), "'startTime' must be an RFC 3339 timestamp");
    cases.put(valid.replace("\"endTime\":\"2026-12-01T10:30:00Z\"", "\"endTime\":\"2026-12-01T09:30:00Z\""), "'endTime' must be after 'startTime'");
    cases.put(valid.replace("\"endTime\":\"2026-12-01T10:30:00Z\",", ""), "'endTime' is required");
    cases.put(valid.replace("\"amount\":4500", "\"amount\":0"), "'amount' must be a positive integer");
    cases.put(valid.replace("\"amount\":4500", "\"amount\":-5"), "'amount' must be a positive integer");
    cases.put(valid.replace("\"amount\":4500", "\"amount\":\"4500\""), "'amount' must be a positive integer");
    cases.put(valid.replace("\"amount\":4500", "\"amount\":45.5"), "'amount' must be a positive integer");
    cases.put(valid.replace("\"amount\":4500", "\"amount\":null"), "'amount' is required");
    cases.put(valid.replace("\"currency\":\"EUR\"", "\"currency\":\"euro\""), "'currency' must be a three-letter ISO 4217 code");
    String slot = Bookings.slot();
    cases.put(valid.replaceFirst("}$", ",\"card\":\"4242424242424242\"}"), "'card' must be a JSON object");
    cases.put(Bookings.bodyWithCard(slot, 1, "4242424242424241", "Ada", "12/30"), "'card.number' must be a card number");
    cases.put(Bookings.bodyWithCard(slot, 1, "4242", "Ada", "12/30"), "'card.number' must be a card number");
    cases.put(Bookings.bodyWithCard(slot, 1, "4242424242424242", "", "12/30"), "'card.holder' must be a non-empty string");
    cases.put(Bookings.bodyWithCard(slot, 1, "4242424242424242", "Ada", "13/30"), "'card.expiry' must be MM/YY");
    cases.put(Bookings.body(slot, 1).replaceFirst("}$", ",\"card\":{\"holder\":\"Ada\",\"expiry\":\"12/30\"}}"),
        "'card.number' is required");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Http.Response r = Http.post(url("/bookings"), c.getKey());
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.text("error")).as(c.getKey()).contains(c.getValue());
    }
    assertThat(count("SELECT COUNT(*) FROM booking")).isEqualTo(bookings);
    assertThat(count("SELECT COUNT(*) FROM saga_instance")).isEqualTo(sagas);
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox")).isEqualTo(commands);

    Http.Response accepted = Http.post(url("/bookings"), valid);
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.text("status")).isEqualTo("PENDING");
    assertThat(count("SELECT COUNT(*) FROM booking")).isEqualTo(bookings + 1);
    assertThat(count("SELECT COUNT(*) FROM saga_instance")).isEqualTo(sagas + 1);
    Http.Response pending = Http.get(url("/bookings/" + accepted.text("bookingId")));
    assertThat(pending.text("status")).as("no payment service runs: the saga waits").isEqualTo("PENDING");
    assertThat(pending.body().has("reason")).isTrue();
  }

  @Test
  void theSweepStartsTheSagaOfABookingACrashLeftWithoutOneAndRecordsItsOutcome() throws Exception {
    String slot = Bookings.slot();
    Http.Response holder = Http.post(url("/bookings"), Bookings.body(slot, 1_000));
    assertThat(holder.status()).isEqualTo(202);
    String orphan = UUID.randomUUID().toString();
    execute("INSERT INTO booking (booking_id, customer_id, service_id, slot_id, start_time, end_time, amount, currency, status,"
        + " created_at, updated_at) VALUES ('" + orphan + "', 'c-9', 'haircut', '" + slot + "', TIMESTAMP WITH TIME ZONE"
        + " '2026-12-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-12-01 10:30:00+00', 1000, 'EUR', 'PENDING',"
        + " CURRENT_TIMESTAMP - INTERVAL '1' MINUTE, CURRENT_TIMESTAMP - INTERVAL '1' MINUTE)");

    Http.Response outcome = new Bookings(url("")).outcome(orphan, Duration.ofSeconds(10));
    assertThat(outcome.text("status")).isEqualTo("CANCELLED");
    assertThat(outcome.text("reason")).contains("already held by booking " + holder.text("bookingId"));
    assertThat(outcome.text("sagaId")).isNotNull();
  }

  @Test
  void healthIsUp() throws Exception {
    Http.Response health = Http.get(url("/health"));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.text("service")).isEqualTo("booking-service");
  }

  @Test
  void badSettingsFailStartUpNamingTheSetting() {
    for (String[] bad : new String[][] {{"BOOKING_DB_URL", "booking.db"}, {"HTTP_PORT", "-1"}, {"BOOKING_PAYMENT_TIMEOUT", "soon"},
        {"BOOKING_PAYMENT_ATTEMPTS", "0"}, {"SAGA_DEADLINE_INTERVAL", "often"}, {"APP_ENV", "Not Valid"}}) {
      Map<String, String> settings = new HashMap<>(Map.of("NATS_URL", NATS.url(), "HTTP_PORT", "0", "BOOKING_DB_URL", "jdbc:h2:mem:bad"));
      settings.put(bad[0], bad[1]);
      assertThatThrownBy(() -> BookingApplication.start(settings)).as(bad[0]).isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad[0]);
    }
    Map<String, String> noNats = Map.of("NATS_URL", "nats://127.0.0.1:1", "HTTP_PORT", "0", "BOOKING_DB_URL", "jdbc:h2:mem:no-nats");
    assertThatThrownBy(() -> BookingApplication.start(noNats)).hasMessageContaining("NATS_URL");
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + app.httpPort() + path;
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "sa", "");
         Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "sa", "");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
