package dev.natsaga.saga.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Reads and writes the column types the store uses, the same way on H2 and PostgreSQL. */
final class Columns {

  private Columns() {
  }

  static void setUuid(PreparedStatement ps, int i, UUID value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.OTHER);
    } else {
      ps.setObject(i, value);
    }
  }

  static void setInstant(PreparedStatement ps, int i, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  static void setEnum(PreparedStatement ps, int i, Enum<?> value) throws SQLException {
    ps.setString(i, value == null ? null : value.name());
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : Enum.valueOf(type, value);
  }

  static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
