package dev.natsaga.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the {@code natsaga_outbox} table in a service's database with Flyway (migrations
 * {@value #MIGRATIONS}, history table {@value #HISTORY_TABLE}, so it coexists with the service's own migrations).
 * Idempotent; {@link Outbox#start()} and the saga store call it.
 */
public final class OutboxSchema {

  /** Flyway location of the outbox migrations. */
  public static final String MIGRATIONS = "classpath:db/migration/natsaga-outbox";
  /** Flyway history table of the outbox migrations. */
  public static final String HISTORY_TABLE = "natsaga_outbox_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSchema.class);

  private OutboxSchema() {
  }

  /** Applies pending outbox migrations to {@code dataSource}'s database. */
  public static void migrate(DataSource dataSource) {
    try {
      int applied = Flyway.configure(OutboxSchema.class.getClassLoader()).dataSource(dataSource)
          .locations(MIGRATIONS).table(HISTORY_TABLE)
          .baselineOnMigrate(true).baselineVersion("0")
          .load().migrate().migrationsExecuted;
      LOG.debug("outbox schema is up to date ({} migrations applied)", applied);
    } catch (RuntimeException e) {
      throw new OutboxException("migrating the outbox table (natsaga_outbox) failed: " + e.getMessage(), e);
    }
  }
}
