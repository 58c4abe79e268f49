package dev.natsaga.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.sample.booking.BookingApplication;
import dev.natsaga.sample.payment.PaymentApplication;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The booking service and its payment participant running in the bench JVM against the bench's nats-server, in a
 * fresh environment ({@code APP_ENV}) with fresh databases, and a client that books through the public path
 * ({@code POST /bookings}) and learns each booking's outcome from its event ({@code booking.appointment.confirmed.v1}
 * or {@code cancelled.v1}, a plain NATS subscription on the environment's booking subjects), matched by slot id.
 *
 * <pre>{@code
 * try (SagaFixture saga = SagaFixture.start(ctx, SagaDatabases.h2())) {
 *   Outcome o = saga.book(System.nanoTime()).get();   // o.confirmed(), o.latencyNanos()
 * }
 * }</pre>
 */
final class SagaFixture implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchContext ctx;
  private final String env;
  private final SagaDatabases databases;
  private final PaymentApplication payment;
  private final BookingApplication booking;
  private final Connection outcomes;
  /** How often a POST the server dropped unanswered is sent again (seen once in CI with 200 connections opening at once). */
  private static final int DROPPED_POST_RETRIES = 2;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI bookings;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong slots = new AtomicLong();

  /** A booking's outcome: whether it was confirmed, and the time from its intended start to its event. */
  record Outcome(boolean confirmed, long latencyNanos, String event) {
  }

  private record Pending(long startNanos, CompletableFuture<Outcome> outcome) {
  }

  private SagaFixture(BenchContext ctx, String env, SagaDatabases databases, PaymentApplication payment, BookingApplication booking,
                      Connection outcomes) {
    this.ctx = ctx;
    this.env = env;
    this.databases = databases;
    this.payment = payment;
    this.booking = booking;
    this.outcomes = outcomes;
    this.bookings = URI.create("http://127.0.0.1:" + booking.httpPort() + "/bookings");
  }

  /** Starts both services on {@code databases} (closed with the fixture) and subscribes to the booking outcomes. */
  static SagaFixture start(BenchContext ctx, SagaDatabases databases) throws Exception {
    String env = ctx.freshEnv("saga");
    Map<String, String> settings = new HashMap<>(databases.settings());
    settings.put("NATS_URL", ctx.serverUrl());
    settings.put("APP_ENV", env);
    settings.put("HTTP_PORT", "0");
    Connection outcomes = BenchContext.connect(ctx.serverUrl(), "bench-saga-outcomes");
    PaymentApplication payment = null;
    try {
      payment = PaymentApplication.start(settings);
      BookingApplication booking = BookingApplication.start(settings);
      SagaFixture fixture = new SagaFixture(ctx, env, databases, payment, booking, outcomes);
      Dispatcher d = outcomes.createDispatcher(fixture::outcome);
      d.subscribe(env + ".booking.appointment.>");
      outcomes.flush(java.time.Duration.ofSeconds(5));
      return fixture;
    } catch (Exception | Error e) {
      if (payment != null) {
        payment.close();
      }
      outcomes.close();
      databases.close();
      throw e;
    }
  }

  SagaDatabases databases() {
    return databases;
  }

  /**
   * Books a new slot ({@code POST /bookings}); the future completes with the booking's outcome event, or fails when
   * the request is refused. {@code startNanos} is the intended start ({@link System#nanoTime()} scale).
   */
  CompletableFuture<Outcome> book(long startNanos) {
    String slot = "bench-" + slots.incrementAndGet();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending.put(slot, new Pending(startNanos, outcome));
    String body = """
        {"customerId":"c-1","serviceId":"haircut","slotId":"%s","startTime":"2026-12-01T10:00:00Z",\
        "endTime":"2026-12-01T10:30:00Z","amount":1500,"currency":"EUR"}""".formatted(slot);
    HttpRequest request = HttpRequest.newBuilder(bookings).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    post(request, slot, outcome, DROPPED_POST_RETRIES);
    return outcome;
  }

  /**
   * Sends the booking; a request the server dropped without answering ({@code HTTP/1.1 header parser received no
   * bytes}: it never read it) is sent again, at most {@code retries} times; anything else that is not a 202 fails it.
   */
  private void post(HttpRequest request, String slot, CompletableFuture<Outcome> outcome, int retries) {
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
      if (e != null && retries > 0 && droppedWithoutAnswer(e)) {
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> post(request, slot, outcome, retries - 1));
      } else if (e != null || r.statusCode() != 202) {
        pending.remove(slot);
        outcome.completeExceptionally(new IllegalStateException("POST /bookings failed: "
            + (e != null ? e.toString() : r.statusCode() + " " + r.body())));
      }
    });
  }

  private static boolean droppedWithoutAnswer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io && String.valueOf(io.getMessage()).contains("received no bytes")) {
        return true;
      }
    }
    return false;
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

  /** How many bookings still wait for their outcome. */
  int inFlight() {
    return pending.size();
  }

  private void outcome(Message m) {
    long now = System.nanoTime();
    try {
      JsonNode data = JSON.readTree(m.getData()).path("data");
      Pending p = pending.remove(data.path("slotId").asText());
      if (p != null) {
        boolean confirmed = m.getSubject().endsWith(".confirmed.v1");
        p.outcome().complete(new Outcome(confirmed, now - p.startNanos(), confirmed ? "confirmed" : data.path("reason").asText()));
      }
    } catch (IOException e) {
      ctx.log("unreadable booking event on %s: %s", m.getSubject(), e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      booking.close();
      payment.close();
      outcomes.close();
    } finally {
      String prefix = env.toUpperCase(Locale.ROOT);
      ctx.deleteStreams(ctx.management().getStreamNames().stream().filter(s -> s.contains(prefix)).toArray(String[]::new));
      databases.close();
    }
  }
}
