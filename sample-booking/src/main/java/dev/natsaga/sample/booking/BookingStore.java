package dev.natsaga.sample.booking;

import static dev.natsaga.sample.booking.Sql.instant;
import static dev.natsaga.sample.booking.Sql.time;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** SQL over the {@code booking} table, on the caller's connection (so inside its transaction). */
final class BookingStore {

  static final String MIGRATIONS = "classpath:db/migration/booking";
  static final String HISTORY_TABLE = "booking_schema_history";

  private static final String COLUMNS = "booking_id, saga_id, customer_id, service_id, slot_id, start_time, end_time, amount,"
      + " currency, status, reason, created_at, updated_at, settled_at";
  private static final String INSERT = "INSERT INTO booking (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND = "SELECT " + COLUMNS + " FROM booking WHERE booking_id = ?";
  private static final String SET_STATUS = "UPDATE booking SET status = ?, updated_at = ? WHERE booking_id = ? AND status = ?";
  private static final String SET_SAGA = "UPDATE booking SET saga_id = ? WHERE booking_id = ? AND saga_id IS NULL";
  private static final String SETTLE = "UPDATE booking SET status = ?, reason = ?, saga_id = COALESCE(saga_id, ?), updated_at = ?,"
      + " settled_at = ? WHERE booking_id = ? AND settled_at IS NULL";
  private static final String UNSETTLED = "SELECT " + COLUMNS + " FROM booking WHERE settled_at IS NULL AND created_at < ?"
      + " ORDER BY created_at LIMIT ?";

  private BookingStore() {
  }

  /** Creates or upgrades the booking tables; runs after the saga store's migration, in the same schema. */
  static void migrate(DataSource dataSource) {
    Flyway.configure(BookingStore.class.getClassLoader()).dataSource(dataSource)
        .locations(MIGRATIONS).table(HISTORY_TABLE)
        .baselineOnMigrate(true).baselineVersion("0")
        .load().migrate();
  }

  static void insert(Connection c, Booking b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, b.bookingId());
      ps.setObject(2, b.sagaId());
      ps.setString(3, b.customerId());
      ps.setString(4, b.serviceId());
      ps.setString(5, b.slotId());
      ps.setObject(6, b.startTime());
      ps.setObject(7, b.endTime());
      ps.setLong(8, b.amount());
      ps.setString(9, b.currency());
      ps.setString(10, b.status().name());
      ps.setString(11, b.reason());
      ps.setObject(12, time(b.createdAt()));
      ps.setObject(13, time(b.updatedAt()));
      ps.setObject(14, time(b.settledAt()));
      ps.executeUpdate();
    }
  }

  static Optional<Booking> find(Connection c, String bookingId) throws SQLException {
    return one(c, FIND, bookingId);
  }

  /** Moves the stored status {@code from} → {@code to}; @return false when the booking was not in {@code from}. */
  static boolean changeStatus(Connection c, String bookingId, BookingStatus from, BookingStatus to, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_STATUS)) {
      ps.setString(1, to.name());
      ps.setObject(2, time(at));
      ps.setString(3, bookingId);
      ps.setString(4, from.name());
      return ps.executeUpdate() == 1;
    }
  }

  static void setSagaId(Connection c, String bookingId, UUID sagaId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_SAGA)) {
      ps.setObject(1, sagaId);
      ps.setString(2, bookingId);
      ps.executeUpdate();
    }
  }

  /** Records the saga's outcome; @return false when it was already settled. */
  static boolean settle(Connection c, String bookingId, BookingStatus status, String reason, UUID sagaId, Instant at)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SETTLE)) {
      ps.setString(1, status.name());
      ps.setString(2, reason);
      ps.setObject(3, sagaId);
      ps.setObject(4, time(at));
      ps.setObject(5, time(at));
      ps.setString(6, bookingId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Bookings without a settled outcome created before {@code before}, oldest first. */
  static List<Booking> unsettled(Connection c, Instant before, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UNSETTLED)) {
      ps.setObject(1, time(before));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<Booking> result = new ArrayList<>();
        while (rs.next()) {
          result.add(row(rs));
        }
        return result;
      }
    }
  }

  private static Optional<Booking> one(Connection c, String sql, String bookingId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, bookingId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Booking row(ResultSet rs) throws SQLException {
    return new Booking(rs.getString("booking_id"), rs.getObject("saga_id", UUID.class), rs.getString("customer_id"),
        rs.getString("service_id"), rs.getString("slot_id"), rs.getObject("start_time", OffsetDateTime.class),
        rs.getObject("end_time", OffsetDateTime.class), rs.getLong("amount"), rs.getString("currency"),
        BookingStatus.valueOf(rs.getString("status")), rs.getString("reason"), instant(rs, "created_at"),
        instant(rs, "updated_at"), instant(rs, "settled_at"));
  }
}
