package dev.natsaga.outbox.internal;

/** The outbox's SQL, one place: portable between H2 2.x and PostgreSQL except the two locking scans. */
final class OutboxSql {

  static final String COLUMNS = "id, event_type, subject, content_mode, extensions_json, payload_json, event_time, created_at,"
      + " message_kind";

  static final String INSERT = "INSERT INTO natsaga_outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** PostgreSQL: oldest first; rows another relay holds are skipped, not waited for. */
  static final String LOCK_UNPUBLISHED = "SELECT " + COLUMNS + " FROM natsaga_outbox WHERE published_at IS NULL"
      + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED";

  /**
   * H2: H2 2.4 returns no rows at all for {@code FOR UPDATE SKIP LOCKED} with {@code ORDER BY} once another
   * transaction holds some of them; without it H2 walks the (published_at, created_at) index, oldest first, and skips
   * held rows correctly.
   */
  static final String LOCK_UNPUBLISHED_H2 = "SELECT " + COLUMNS + " FROM natsaga_outbox WHERE published_at IS NULL"
      + " LIMIT ? FOR UPDATE SKIP LOCKED";

  static final String MARK_PUBLISHED = "UPDATE natsaga_outbox SET published_at = ? WHERE id = ANY(?) AND published_at IS NULL";

  static final String BACKLOG = "SELECT COUNT(*), MIN(created_at) FROM natsaga_outbox WHERE published_at IS NULL";

  static final String PURGE_PUBLISHED = "DELETE FROM natsaga_outbox WHERE published_at IS NOT NULL AND published_at < ?";

  private OutboxSql() {
  }
}
