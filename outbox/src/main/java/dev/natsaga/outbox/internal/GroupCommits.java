package dev.natsaga.outbox.internal;

import dev.natsaga.outbox.Durability;
import dev.natsaga.outbox.OutboxException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Durability} per data source, decided on first use: an H2 file database whose {@code WRITE_DELAY} is not
 * 0 gets an {@link H2GroupCommit}; everything else commits durably already ({@link Durability#IMMEDIATE}).
 */
public final class GroupCommits {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommits.class);
  private static final Map<DataSource, Durability> BY_SOURCE = Collections.synchronizedMap(new WeakHashMap<>());

  private GroupCommits() {
  }

  /** The shared durability of {@code dataSource} (its database is asked on the first wait, not here). */
  public static Durability of(DataSource dataSource) {
    return BY_SOURCE.computeIfAbsent(dataSource, Lazy::new);
  }

  /** Decides on the first {@link #awaitDurable()}, so a data source may be handed out before its database is up. */
  private static final class Lazy implements Durability {
    private final DataSource dataSource;
    private volatile Durability decided;

    Lazy(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public void awaitDurable() {
      Durability d = decided;
      if (d == null) {
        synchronized (this) {
          d = decided;
          if (d == null) {
            d = decide(dataSource);
            decided = d;
          }
        }
      }
      d.awaitDurable();
    }
  }

  static Durability decide(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      String url = String.valueOf(c.getMetaData().getURL());
      if (!product.contains("h2") || url.startsWith("jdbc:h2:mem:")) {
        return Durability.IMMEDIATE;
      }
      int writeDelay = h2WriteDelay(c);
      if (writeDelay == 0) {
        return Durability.IMMEDIATE;
      }
      LOG.info("H2 database {} has WRITE_DELAY={} ms: commits are made durable by group commit (CHECKPOINT) before anything depending on them leaves the process",
          url, writeDelay);
      return new H2GroupCommit(dataSource);
    } catch (SQLException e) {
      throw new OutboxException("cannot tell how the database commits (for group commit): " + e.getMessage(), e);
    }
  }

  /** The {@code WRITE_DELAY} of the H2 database behind {@code c}, in milliseconds (0 writes every commit at once). */
  public static int h2WriteDelay(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      return r.next() ? Integer.parseInt(r.getString(1).trim()) : 0;
    }
  }
}
