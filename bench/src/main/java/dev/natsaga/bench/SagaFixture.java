package dev.natsaga.bench;

import dev.natsaga.sample.booking.BookingApplication;
import dev.natsaga.sample.payment.PaymentApplication;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The booking service and its payment participant running in the bench JVM against the bench's nats-server, in a
 * fresh environment ({@code APP_ENV}) with fresh databases, and a client ({@link SagaOutcomes}) that books through the
 * public path ({@code POST /bookings}) and learns each booking's outcome from its event.
 *
 * <pre>{@code
 * try (SagaFixture saga = SagaFixture.start(ctx, SagaDatabases.h2())) {
 *   Outcome o = saga.book(System.nanoTime()).get();   // o.confirmed(), o.latencyNanos()
 * }
 * }</pre>
 */
final class SagaFixture implements SagaSystem {

  private final BenchContext ctx;
  private final String env;
  private final SagaDatabases databases;
  private final PaymentApplication payment;
  private final BookingApplication booking;
  private final SagaOutcomes outcomes;

  private SagaFixture(BenchContext ctx, String env, SagaDatabases databases, PaymentApplication payment, BookingApplication booking,
                      SagaOutcomes outcomes) {
    this.ctx = ctx;
    this.env = env;
    this.databases = databases;
    this.payment = payment;
    this.booking = booking;
    this.outcomes = outcomes.postingTo(booking.httpPort());
  }

  /** Starts both services on {@code databases} (closed with the fixture) and subscribes to the booking outcomes. */
  static SagaFixture start(BenchContext ctx, SagaDatabases databases) throws Exception {
    String env = ctx.freshEnv("saga");
    Map<String, String> settings = settings(ctx, databases, env);
    SagaOutcomes outcomes = SagaOutcomes.subscribe(ctx, env);
    PaymentApplication payment = null;
    try {
      payment = PaymentApplication.start(settings);
      BookingApplication booking = BookingApplication.start(settings);
      return new SagaFixture(ctx, env, databases, payment, booking, outcomes);
    } catch (Exception | Error e) {
      if (payment != null) {
        payment.close();
      }
      outcomes.close();
      databases.close();
      throw e;
    }
  }

  /**
   * Gives {@code databases} the samples' schema (each service migrates its database when it starts) and stops the
   * services again, leaving the databases open: what the store ceiling writes to.
   */
  static void migrate(BenchContext ctx, SagaDatabases databases) throws Exception {
    String env = ctx.freshEnv("saga");
    Map<String, String> settings = settings(ctx, databases, env);
    try (PaymentApplication payment = PaymentApplication.start(settings);
         BookingApplication booking = BookingApplication.start(settings)) {
      ctx.log("migrated the %s databases of the samples (booking on port %d)", databases.kind(), booking.httpPort());
    } finally {
      deleteStreams(ctx, env);
    }
  }

  private static Map<String, String> settings(BenchContext ctx, SagaDatabases databases, String env) {
    Map<String, String> settings = new HashMap<>(databases.settings());
    settings.put("NATS_URL", ctx.serverUrl());
    settings.put("APP_ENV", env);
    settings.put("HTTP_PORT", "0");
    return settings;
  }

  SagaDatabases databases() {
    return databases;
  }

  /** Messages and commits per saga so far, over {@code sagas} sagas. */
  SagaFootprint footprint(long sagas) throws Exception {
    return SagaFootprint.of(ctx, env, databases, sagas);
  }

  @Override
  public CompletableFuture<Outcome> book(long startNanos) {
    return outcomes.book(startNanos);
  }

  /**
   * Checks in the saga store that every saga is {@code COMPLETED} (the load has drained) and returns the count.
   *
   * @throws IllegalStateException naming the statuses found otherwise
   */
  long verifyAllCompleted() throws SQLException {
    Map<String, Long> byStatus = new TreeMap<>();
    try (java.sql.Connection c = databases.booking(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM saga_instance GROUP BY status")) {
      while (rs.next()) {
        byStatus.put(rs.getString(1), rs.getLong(2));
      }
    }
    if (byStatus.keySet().stream().anyMatch(s -> !s.equals("COMPLETED"))) {
      throw new IllegalStateException("sagas not all completed after the load: " + byStatus);
    }
    return byStatus.getOrDefault("COMPLETED", 0L);
  }

  @Override
  public int inFlight() {
    return outcomes.inFlight();
  }

  @Override
  public void close() throws Exception {
    try {
      booking.close();
      payment.close();
      outcomes.close();
    } finally {
      deleteStreams(ctx, env);
      databases.close();
    }
  }

  /** Deletes the streams of environment {@code env}. */
  static void deleteStreams(BenchContext ctx, String env) throws Exception {
    String prefix = env.toUpperCase(Locale.ROOT);
    ctx.deleteStreams(ctx.management().getStreamNames().stream().filter(s -> s.contains(prefix)).toArray(String[]::new));
  }
}
