package dev.natsaga.outbox.internal;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.Outbox;
import dev.natsaga.outbox.OutboxException;
import dev.natsaga.outbox.OutboxRelay;
import dev.natsaga.outbox.OutboxSchema;
import dev.natsaga.outbox.OutboxWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** The {@link Outbox} over a JDBC data source and a {@link PollingOutboxRelay}. */
public final class JdbcOutbox implements Outbox {

  private final DataSource dataSource;
  private final OutboxRelay relay;
  private final Clock clock;
  private final boolean migrate;

  public JdbcOutbox(DataSource dataSource, OutboxRelay relay, Clock clock, boolean migrate) {
    this.dataSource = dataSource;
    this.relay = relay;
    this.clock = clock;
    this.migrate = migrate;
  }

  @Override
  public void publish(Connection connection, OutgoingEvent<?> event) {
    OutboxRows.insert(connection, List.of(event), clock.instant());
  }

  @Override
  public <T> T inTransaction(OutboxWork<T> work) {
    T result;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        result = work.run(c);
        c.commit();
      } catch (Exception e) {
        rollback(c, e);
        throw propagate(e);
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new OutboxException("outbox transaction failed: " + e.getMessage(), e);
    }
    relay.wake();
    return result;
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static RuntimeException propagate(Exception e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new OutboxException("outbox transaction failed: " + e, e);
  }

  @Override
  public void wake() {
    relay.wake();
  }

  @Override
  public OutboxRelay relay() {
    return relay;
  }

  @Override
  public Outbox start() {
    if (migrate) {
      OutboxSchema.migrate(dataSource);
    }
    relay.start();
    return this;
  }

  @Override
  public void close() {
    relay.close();
  }
}
