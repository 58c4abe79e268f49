package dev.natsaga.outbox.internal;

import dev.natsaga.outbox.OutboxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The relay's locking scan differs between the supported databases; everything else is portable SQL. */
enum Dialect {

  POSTGRESQL(OutboxSql.LOCK_UNPUBLISHED),
  H2(OutboxSql.LOCK_UNPUBLISHED_H2);

  private final String lockUnpublished;

  Dialect(String lockUnpublished) {
    this.lockUnpublished = lockUnpublished;
  }

  String lockUnpublished() {
    return lockUnpublished;
  }

  /** @return the dialect of the database behind {@code dataSource}: H2, else PostgreSQL syntax */
  static Dialect of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      return product.contains("h2") ? H2 : POSTGRESQL;
    } catch (SQLException e) {
      throw new OutboxException("connecting to the outbox database failed: " + e.getMessage(), e);
    }
  }
}
