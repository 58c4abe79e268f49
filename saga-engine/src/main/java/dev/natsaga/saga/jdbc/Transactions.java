package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.SagaWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one unit of work: commit on return, roll back on exception, then the after-commit callbacks. */
final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  private Transactions() {
  }

  static <T> T run(DataSource dataSource, SqlDialect dialect, SagaWork<T> work, List<Runnable> outboxListeners) {
    JdbcSagaTransaction tx;
    T result;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        tx = new JdbcSagaTransaction(c, dialect);
        result = work.run(tx);
        c.commit();
      } catch (Throwable e) {
        rollback(c, e);
        throw propagate(e);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "saga transaction");
    }
    afterCommit(tx, outboxListeners);
    return result;
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static RuntimeException propagate(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e instanceof SQLException sql) {
      return SqlErrors.translate(sql, "saga transaction");
    }
    return new SagaStoreException("saga transaction failed: " + e, e);
  }

  private static void afterCommit(JdbcSagaTransaction tx, List<Runnable> outboxListeners) {
    tx.afterCommitActions().forEach(Transactions::runQuietly);
    if (tx.outboxWritten()) {
      outboxListeners.forEach(Transactions::runQuietly);
    }
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("after-commit callback failed (the transaction is committed): {}", e.toString());
    }
  }
}
