package dev.natsaga.eventstore.it;

import dev.natsaga.eventstore.JdbcProjector;
import dev.natsaga.eventstore.ProjectionHandler;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The test projection: every deposit adds a row to {@code applied} (no unique key, so a second application would show)
 * and adds its amount to {@code totals}. Runs in the test JVM or as its own JVM ({@link #main}, killed with kill -9).
 */
final class ProjectorMain {

  static final String TABLES = "CREATE TABLE IF NOT EXISTS applied (seq BIGINT NOT NULL, n BIGINT NOT NULL);"
      + "CREATE TABLE IF NOT EXISTS totals (id INT PRIMARY KEY, amount BIGINT NOT NULL)";

  private ProjectorMain() {
  }

  static ProjectionHandler handler(long delayMillis) {
    return (event, tx) -> {
      Stores.Deposited d = event.data(Stores.Deposited.class);
      try (PreparedStatement ps = tx.prepareStatement("INSERT INTO applied (seq, n) VALUES (?, ?)")) {
        ps.setLong(1, event.sequence());
        ps.setLong(2, d.n());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = tx.prepareStatement("UPDATE totals SET amount = amount + ? WHERE id = 1")) {
        ps.setLong(1, d.amount());
        ps.executeUpdate();
      }
      sleep(delayMillis);
    };
  }

  static void createTables(TestDb db) {
    for (String s : TABLES.split(";")) {
      db.sql(s);
    }
    db.sql("INSERT INTO totals (id, amount) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM totals WHERE id = 1)");
  }

  static JdbcProjector projector(Connection nc, javax.sql.DataSource ds, String env, long delayMillis) {
    return JdbcProjector.builder(nc, ds, "deposits").environment(env).domain(Stores.DOMAIN)
        .types("bank.account.deposited.v1")
        .handler(handler(delayMillis))
        .reset(tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute("DELETE FROM applied");
            s.execute("UPDATE totals SET amount = 0");
          }
        })
        .build();
  }

  /** Args: natsUrl env jdbcUrl delayMillis. Runs until killed. */
  public static void main(String[] args) throws Exception {
    try (Connection nc = Nats.connect(args[0])) {
      JdbcProjector p = projector(nc, TestDb.dataSource(args[2]), args[1], Long.parseLong(args[3]));
      p.start();
      System.out.println("STARTED");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  private static void sleep(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
