package dev.natsaga.outbox.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The file store behind an embedded H2 connection (H2's own classes: loaded only for an embedded H2 file database,
 * which has H2 on the class path). Used by {@code H2Housekeeping}.
 */
public final class H2Files {

  /** Rewrite the chunks whose live share is below this (H2's background writer aims at 90 % when idle, 81 % when busy). */
  public static final int TARGET_FILL_RATE = 80;

  private H2Files() {
  }

  /**
   * Rewrites the live pages of the file's mostly-dead chunks (older than H2's retention time), at most about H2's
   * auto-commit buffer of them, and stores the result, so the emptied chunks are dropped and their space reused.
   *
   * @return whether anything was rewritten
   */
  public static boolean compact(Connection connection) throws SQLException {
    MVStore store = store(connection);
    boolean rewritten = store.compact(TARGET_FILL_RATE, store.getAutoCommitMemory());
    if (rewritten) {
      store.tryCommit();
    }
    return rewritten;
  }

  /** The file's size and how much of its chunks is live, for logs and tests. */
  public static FileFigures figures(Connection connection) throws SQLException {
    MVStore store = store(connection);
    return new FileFigures(store.getFileStore().size(), store.getFileStore().getChunksFillRate());
  }

  private static MVStore store(Connection connection) throws SQLException {
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    if (!(session instanceof SessionLocal local)) {
      throw new SQLException("not an embedded H2 session: " + session.getClass().getName());
    }
    return local.getDatabase().getStore().getMvStore();
  }

  /**
   * @param bytes the database file's size
   * @param chunksFillRate the percentage of the bytes in the file's chunks that are live
   */
  public record FileFigures(long bytes, int chunksFillRate) {
  }
}
