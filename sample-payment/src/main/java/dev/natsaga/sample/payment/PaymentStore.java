package dev.natsaga.sample.payment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** SQL over the {@code payment} table, always on the caller's connection (so inside its transaction). */
final class PaymentStore {

  static final String MIGRATIONS = "classpath:db/migration/payment";
  static final String HISTORY_TABLE = "payment_schema_history";

  private static final String COLUMNS = "booking_id, payment_id, status, amount, currency, reason, created_at, updated_at,"
      + " card_masked";
  private static final String FIND = "SELECT " + COLUMNS + " FROM payment WHERE booking_id = ?";
  private static final String LOCK = FIND + " FOR UPDATE";
  private static final String INSERT = "INSERT INTO payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE = "UPDATE payment SET status = ?, reason = ?, updated_at = ? WHERE booking_id = ?";

  private PaymentStore() {
  }

  /** Creates or upgrades the {@code payment} table; idempotent, and coexists with other Flyway histories. */
  static void migrate(DataSource dataSource) {
    Flyway.configure(PaymentStore.class.getClassLoader()).dataSource(dataSource)
        .locations(MIGRATIONS).table(HISTORY_TABLE)
        .baselineOnMigrate(true).baselineVersion("0")
        .load().migrate();
  }

  static Optional<Payment> find(Connection c, String bookingId) throws SQLException {
    return query(c, FIND, bookingId);
  }

  /** Reads the booking's payment and locks its row until the transaction ends (commands for one booking serialize). */
  static Optional<Payment> lock(Connection c, String bookingId) throws SQLException {
    return query(c, LOCK, bookingId);
  }

  static void insert(Connection c, Payment p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, p.bookingId());
      ps.setString(2, p.paymentId());
      ps.setString(3, p.status().name());
      ps.setLong(4, p.amount());
      ps.setString(5, p.currency());
      ps.setString(6, p.reason());
      ps.setObject(7, time(p.createdAt()));
      ps.setObject(8, time(p.updatedAt()));
      ps.setString(9, p.cardMasked());
      ps.executeUpdate();
    }
  }

  static void update(Connection c, Payment p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setString(1, p.status().name());
      ps.setString(2, p.reason());
      ps.setObject(3, time(p.updatedAt()));
      ps.setString(4, p.bookingId());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("payment of booking " + p.bookingId() + " vanished while it was locked");
      }
    }
  }

  private static Optional<Payment> query(Connection c, String sql, String bookingId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, bookingId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Payment(rs.getString(1), rs.getString(2), PaymentStatus.valueOf(rs.getString(3)), rs.getLong(4),
            rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), rs.getString(9)));
      }
    }
  }

  private static OffsetDateTime time(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
