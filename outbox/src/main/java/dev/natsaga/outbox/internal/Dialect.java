package dev.natsaga.outbox.internal;

import dev.natsaga.outbox.DatabaseKind;
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

  static Dialect of(DataSource dataSource) {
    return DatabaseKind.of(dataSource) == DatabaseKind.H2 ? H2 : POSTGRESQL;
  }
}
