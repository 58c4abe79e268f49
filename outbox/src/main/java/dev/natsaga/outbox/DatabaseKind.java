package dev.natsaga.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases natsaga's JDBC stores support, told apart once per data source: the few statements that differ
 * (locking scans with {@code SKIP LOCKED}) are chosen by it. The outbox and the saga store share this one rule.
 */
public enum DatabaseKind {

  H2,
  POSTGRESQL;

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseKind.class);

  /**
   * @return the kind of the database behind {@code dataSource}; an unknown product is treated as PostgreSQL (with a
   *         warning that only H2 and PostgreSQL are tested)
   * @throws OutboxException when no connection can be had
   */
  public static DatabaseKind of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("h2")) {
        return H2;
      }
      if (!product.contains("postgres")) {
        LOG.warn("natsaga's JDBC stores are tested on H2 and PostgreSQL only; using PostgreSQL SQL for {}", product);
      }
      return POSTGRESQL;
    } catch (SQLException e) {
      throw new OutboxException("connecting to the database failed: " + e.getMessage(), e);
    }
  }
}
