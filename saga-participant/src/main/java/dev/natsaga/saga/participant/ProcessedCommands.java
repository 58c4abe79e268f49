package dev.natsaga.saga.participant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** SQL over {@code saga_participant_command}, always on the caller's connection (and so in its transaction). */
final class ProcessedCommands {

  static final String UNIQUE_VIOLATION = "23505";

  private static final String FIND = "SELECT reply_type, reply_json, outcome FROM saga_participant_command"
      + " WHERE participant = ? AND command_id = ? AND outcome IS NOT NULL";
  private static final String CLAIM = "INSERT INTO saga_participant_command"
      + " (participant, command_id, command_type, saga_id, step_name, processed_at) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String COMPLETE = "UPDATE saga_participant_command SET outcome = ?, reply_type = ?, reply_json = ?"
      + " WHERE participant = ? AND command_id = ?";
  private static final String PURGE = "DELETE FROM saga_participant_command WHERE processed_at < ?";

  private ProcessedCommands() {
  }

  static Optional<StoredReply> find(Connection c, String participant, String commandId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setString(1, participant);
      ps.setString(2, commandId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredReply(rs.getString(1), rs.getString(2), CommandReply.Outcome.valueOf(rs.getString(3))));
      }
    }
  }

  /** @return false when another transaction recorded the command first (unique violation; the transaction must roll back) */
  static boolean claim(Connection c, String participant, String commandType, CommandIds ids, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setString(1, participant);
      ps.setString(2, ids.commandId());
      ps.setString(3, commandType);
      ps.setString(4, ids.sagaId());
      ps.setString(5, ids.step());
      ps.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  static void complete(Connection c, String participant, String commandId, StoredReply reply) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COMPLETE)) {
      ps.setString(1, reply.outcome().name());
      ps.setString(2, reply.type());
      ps.setString(3, reply.json());
      ps.setString(4, participant);
      ps.setString(5, commandId);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("the claim of command " + commandId + " by participant " + participant + " vanished");
      }
    }
  }

  static int purge(Connection c, Instant before) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PURGE)) {
      ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
      return ps.executeUpdate();
    }
  }
}
