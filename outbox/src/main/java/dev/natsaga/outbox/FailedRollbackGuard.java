package dev.natsaga.outbox;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The physical connections of an embedded H2 pool, guarded against H2 2.x's spin on a closed store: once a rollback
 * fails because H2 closed the database under the transaction, the next call that runs a statement on that session
 * (the pool's {@code close}, which rolls back again, or {@code setAutoCommit(true)}) never returns — it loops in
 * {@code MVStore.registerVersionUsage} (reproduced in {@code ClosedDatabaseEvictionTest}; the full-disk run lost its
 * outbox relay and the pool's closer thread to it). After such a failed rollback this connection is abandoned: every
 * later call fails at once and {@code close} leaves the session to the closed database instead of calling H2.
 */
final class FailedRollbackGuard implements DataSource {

  private final String url;

  FailedRollbackGuard(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return guard(DriverManager.getConnection(url));
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return guard(DriverManager.getConnection(url, user, password));
  }

  private static Connection guard(Connection h2) {
    return (Connection) Proxy.newProxyInstance(FailedRollbackGuard.class.getClassLoader(), new Class<?>[] {Connection.class},
        new Guard(h2));
  }

  /** Forwards every call until a rollback fails on a closed database; then abandons the session. */
  private static final class Guard implements InvocationHandler {
    private final Connection h2;
    private volatile boolean abandoned;

    Guard(Connection h2) {
      this.h2 = h2;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (abandoned) {
        return switch (name) {
          case "close", "abort" -> null;
          case "isClosed" -> true;
          case "isValid" -> false;
          case "toString" -> "abandoned " + h2;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new SQLException("connection abandoned: a rollback failed after H2 closed the database", "08003", 90098);
        };
      }
      try {
        return method.invoke(h2, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if ("rollback".equals(name) && ClosedDatabaseEviction.closedDatabase(cause)) {
          abandoned = true;
        }
        throw cause;
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // DriverManager logs for itself
  }

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
