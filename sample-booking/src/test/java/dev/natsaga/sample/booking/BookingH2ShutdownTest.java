package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booking service closes its H2 database at the end of {@link BookingApplication#close()} even when a session of it
 * is still open (on SIGTERM the saga service's hook can close the pool under the projection's connection): an H2
 * database left open at JVM exit loses its last commits (found by the reliability partition run).
 */
class BookingH2ShutdownTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void closeShutsTheDatabaseDownEvenWithASessionLeftOpen() throws Exception {
    Path dir = Files.createTempDirectory("booking-h2-shutdown-test-");
    Map<String, String> settings = Map.of("NATS_URL", NATS.url(), "APP_ENV", "h2stop", "HTTP_PORT", "0",
        "BOOKING_DB_URL", "jdbc:h2:file:" + dir.resolve("booking"));
    BookingApplication booking = BookingApplication.start(settings);
    BookingSettings used = booking.settings();
    Connection leaked = DriverManager.getConnection(used.dbUrl(), used.dbUser(), used.dbPassword());
    leaked.setAutoCommit(false);
    try (ResultSet rs = leaked.createStatement().executeQuery("SELECT COUNT(*) FROM booking")) {
      assertThat(rs.next()).isTrue();       // a session in a transaction, as the projection's was
    }

    booking.close();

    assertThat(leaked.isClosed()).as("the database was shut down with the leaked session in it").isTrue();
    try (Connection reopened = DriverManager.getConnection(used.dbUrl(), used.dbUser(), used.dbPassword());
         ResultSet rs = reopened.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      rs.next();
      assertThat(rs.getInt(1)).as("only this session: the database was opened afresh").isEqualTo(1);
    }
  }
}
