package dev.natsaga.sample.booking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code slot_hold} lock rows: a live booking holds its slot through a row keyed by the slot id, so a second
 * booking of the slot fails, also when two race (the primary key refuses the second insert).
 */
final class SlotHolds {

  private static final String HOLDER = "SELECT booking_id FROM slot_hold WHERE slot_id = ?";
  private static final String HOLD = "INSERT INTO slot_hold (slot_id, booking_id, held_at) VALUES (?, ?, ?)";
  private static final String RELEASE = "DELETE FROM slot_hold WHERE slot_id = ? AND booking_id = ?";

  private SlotHolds() {
  }

  /** Holds {@code slotId} for {@code bookingId}; a no-op when it already holds it. */
  static void hold(Connection c, String slotId, String bookingId, Instant at) throws SQLException, SlotHeldException {
    Optional<String> holder = holder(c, slotId);
    if (holder.isPresent()) {
      if (holder.get().equals(bookingId)) {
        return;
      }
      throw new SlotHeldException("slot '" + slotId + "' is already held by booking " + holder.get());
    }
    try (PreparedStatement ps = c.prepareStatement(HOLD)) {
      ps.setString(1, slotId);
      ps.setString(2, bookingId);
      ps.setObject(3, Sql.time(at));
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Sql.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new SlotHeldException("slot '" + slotId + "' was taken by another booking at the same moment");
      }
      throw e;
    }
  }

  /** Releases the slot if {@code bookingId} holds it; @return whether it did. */
  static boolean release(Connection c, String slotId, String bookingId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
      ps.setString(1, slotId);
      ps.setString(2, bookingId);
      return ps.executeUpdate() == 1;
    }
  }

  static Optional<String> holder(Connection c, String slotId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HOLDER)) {
      ps.setString(1, slotId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
