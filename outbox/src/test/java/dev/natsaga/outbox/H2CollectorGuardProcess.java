package dev.natsaga.outbox;

import com.zaxxer.hikari.HikariConfig;

/** A child JVM for {@link H2CollectorGuardTest}: opens a pool on the H2 URL given; exit 3 and the message when refused. */
public final class H2CollectorGuardProcess {

  static final int REFUSED = 3;

  private H2CollectorGuardProcess() {
  }

  public static void main(String[] args) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    try (var pool = ClosedDatabaseEviction.pool(config)) {
      System.out.println("opened " + pool.getJdbcUrl());
    } catch (IllegalStateException e) {
      System.out.println(e.getMessage());
      System.exit(REFUSED);
    }
  }
}
