package dev.natsaga.eventstore.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The projection checkpoint table ({@code natsaga_projection}: name, stream sequence applied, time) and its
 * statements; portable SQL that H2 and PostgreSQL both run.
 */
public final class CheckpointSql {

  static final String CREATE = "CREATE TABLE IF NOT EXISTS natsaga_projection ("
      + "name VARCHAR(200) PRIMARY KEY, position BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)";
  static final String SELECT = "SELECT position FROM natsaga_projection WHERE name = ?";
  static final String INSERT = "INSERT INTO natsaga_projection (name, position, updated_at) VALUES (?, 0, ?)";
  /** Moves the checkpoint forward; 0 rows when another instance already applied this event (the row lock orders them). */
  static final String ADVANCE = "UPDATE natsaga_projection SET position = ?, updated_at = ? WHERE name = ? AND position < ?";
  static final String RESET = "UPDATE natsaga_projection SET position = ?, updated_at = ? WHERE name = ?";

  private CheckpointSql() {
  }

  /** Creates the table and the projection's row if missing; returns the checkpoint. */
  public static long init(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
    }
    long current = read(c, name);
    if (current >= 0) {
      return current;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, name);
      ps.setTimestamp(2, Timestamp.from(Instant.now()));
      ps.executeUpdate();
    } catch (SQLException raced) {
      if (read(c, name) < 0) {
        throw raced;
      }
    }
    return Math.max(0, read(c, name));
  }

  /** The checkpoint, or -1 when the projection has no row. */
  public static long read(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** Claims {@code sequence} for this transaction; false when it is already applied. */
  public static boolean advance(Connection c, String name, long sequence) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setLong(1, sequence);
      ps.setTimestamp(2, Timestamp.from(Instant.now()));
      ps.setString(3, name);
      ps.setLong(4, sequence);
      return ps.executeUpdate() == 1;
    }
  }

  public static void reset(Connection c, String name, long position) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RESET)) {
      ps.setLong(1, position);
      ps.setTimestamp(2, Timestamp.from(Instant.now()));
      ps.setString(3, name);
      ps.executeUpdate();
    }
  }
}
