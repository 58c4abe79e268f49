package dev.natsaga.bench;

import io.nats.client.api.StreamInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * What a saga system left behind per saga once its load drained: JetStream messages stored in its environment's
 * streams, and on PostgreSQL the committed transactions of its two databases ({@code pg_stat_database.xact_commit},
 * read after a pause so the backends have reported them). Both are totals over the fixture's whole life (warm-up,
 * start-up and idle polling included) divided by its sagas, so they slightly overstate the per-saga cost.
 */
record SagaFootprint(double messagesPerSaga, double commitsPerSaga) {

  @Override
  public String toString() {
    return String.format("%.2f messages and %s commits per saga", messagesPerSaga,
        Double.isNaN(commitsPerSaga) ? "(H2: no count of)" : String.format("%.2f", commitsPerSaga));
  }

  /** The footprint of environment {@code env} over {@code databases} after {@code sagas} sagas. */
  static SagaFootprint of(BenchContext ctx, String env, SagaDatabases databases, long sagas) throws Exception {
    String prefix = env.toUpperCase(Locale.ROOT);
    long messages = 0;
    for (String stream : ctx.management().getStreamNames()) {
      if (stream.contains(prefix)) {
        StreamInfo info = ctx.management().getStreamInfo(stream);
        messages += info.getStreamState().getMsgCount();
      }
    }
    double commits = databases.kind().equals("PostgreSQL") ? commits(databases) : Double.NaN;
    return new SagaFootprint(messages / (double) sagas, commits / sagas);
  }

  private static long commits(SagaDatabases databases) throws Exception {
    Thread.sleep(1_500);
    String booking = SagaDatabases.databaseName(databases.bookingUrl());
    String payment = SagaDatabases.databaseName(databases.paymentUrl());
    try (Connection c = DriverManager.getConnection(databases.bookingUrl(), databases.user(), "");
         PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(xact_commit), 0) FROM pg_stat_database WHERE datname IN (?, ?)")) {
      ps.setString(1, booking);
      ps.setString(2, payment);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
