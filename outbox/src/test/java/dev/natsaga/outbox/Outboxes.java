package dev.natsaga.outbox;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/** Shared set-up of the outbox tests: a fresh environment, runtime options, a business table, bulk writes. */
final class Outboxes {

  private Outboxes() {
  }

  static String freshEnv() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  static NatsagaOptions options(String url, String env, String service) {
    return NatsagaOptions.builder().natsUrl(url).environment(env).serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .build();
  }

  /** The service's own business table, written in the same transactions as the events. */
  static void createOrders(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
    }
  }

  static void insertOrder(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  /** Writes {@code n} events in one committed transaction, without a relay. */
  static void writeEvents(DataSource dataSource, int n, IntFunction<OutgoingEvent<?>> event) throws SQLException {
    List<OutgoingEvent<?>> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(event.apply(i));
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      OutboxWriter.write(c, events, Clock.systemUTC());
      c.commit();
    }
  }

  static long messagesInStream(Natsaga natsaga, String env) {
    try {
      return natsaga.connection().jetStreamManagement().getStreamInfo(env.toUpperCase(Locale.ROOT) + "_SHOP")
          .getStreamState().getMsgCount();
    } catch (Exception e) {
      throw new IllegalStateException("stream info of " + env + "_SHOP: " + e, e);
    }
  }
}
