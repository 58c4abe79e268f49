package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.sample.support.H2Shutdown;
import dev.natsaga.sample.support.ServiceEnvironment;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bookings can still be stored once every session that existed while the booking tables were migrated is gone (found
 * by the 30-minute soak run: H2 2.4.240 compiles the {@code ck_booking_status} IN list with the migrating session, and
 * after HikariCP retired that pooled connection every insert failed with "Check constraint invalid ... The database
 * has been closed"). {@link H2Shutdown#reopenAfterMigrations} reopens the database after the migrations, as the
 * service does at start; without it the same sequence fails (the control).
 */
class BookingSchemaSessionTest {

  @Test
  void afterTheReopenBookingsAreStoredWhenTheMigratingSessionIsGone() throws Exception {
    try (HikariDataSource pool = migratedPool()) {
      H2Shutdown.reopenAfterMigrations(pool);
      pool.getConnection().close();
      try (Connection keepsItOpen = DriverManager.getConnection(pool.getJdbcUrl(), "sa", "")) {
        pool.getHikariPoolMXBean().softEvictConnections();   // the pool's sessions end, the database stays open

        assertThat(insertBooking(pool)).isEqualTo(1);
        assertThat(insertBooking(pool)).isEqualTo(1);
      }
    }
  }

  @Test
  void withoutItTheStatusCheckFailsOnceTheMigratingSessionIsGone() throws Exception {
    try (HikariDataSource pool = migratedPool();
         Connection keepsItOpen = DriverManager.getConnection(pool.getJdbcUrl(), "sa", "")) {
      pool.getHikariPoolMXBean().softEvictConnections();   // the migrating session ends, the database stays open

      assertThatThrownBy(() -> insertBooking(pool)).isInstanceOf(SQLException.class)
          .hasMessageContaining("CK_BOOKING_STATUS");
    }
  }

  private static HikariDataSource migratedPool() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(ServiceEnvironment.durableH2("jdbc:h2:file:" + Files.createTempDirectory("booking-schema-session").resolve("b")));
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    HikariDataSource pool = new HikariDataSource(config);
    JdbcSagaStore.create(pool).migrate();   // the saga store's tables first, as at the service's start
    BookingStore.migrate(pool);
    return pool;
  }

  private static int insertBooking(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO booking (booking_id, customer_id, service_id, slot_id,"
             + " start_time, end_time, amount, currency, status, created_at, updated_at)"
             + " VALUES (?, 'c-1', 'haircut', ?, ?, ?, 100, 'EUR', 'PENDING', ?, ?)")) {
      OffsetDateTime now = OffsetDateTime.now();
      String id = UUID.randomUUID().toString();
      ps.setString(1, id);
      ps.setString(2, "slot-" + id);
      ps.setObject(3, now.plusDays(1));
      ps.setObject(4, now.plusDays(1).plusHours(1));
      ps.setObject(5, now);
      ps.setObject(6, now);
      return ps.executeUpdate();
    }
  }
}
