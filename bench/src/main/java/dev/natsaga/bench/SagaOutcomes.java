package dev.natsaga.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of a {@link SagaSystem}: books a new slot with {@code POST /bookings} and learns each booking's outcome
 * from its event ({@code {env}.booking.appointment.confirmed.v1} or {@code cancelled.v1}, a plain NATS subscription),
 * matched by slot id.
 */
final class SagaOutcomes implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How often a POST the server dropped unanswered is sent again (seen once in CI with 200 connections opening at once). */
  private static final int DROPPED_POST_RETRIES = 2;

  private final BenchContext ctx;
  private final Connection nats;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong slots = new AtomicLong();
  private volatile URI bookings;

  private record Pending(long startNanos, CompletableFuture<SagaSystem.Outcome> outcome) {
  }

  private SagaOutcomes(BenchContext ctx, Connection nats) {
    this.ctx = ctx;
    this.nats = nats;
  }

  /** Subscribes to the booking outcome events of environment {@code env}. */
  static SagaOutcomes subscribe(BenchContext ctx, String env) throws IOException, InterruptedException {
    Connection nats = BenchContext.connect(ctx.serverUrl(), "bench-saga-outcomes");
    SagaOutcomes outcomes = new SagaOutcomes(ctx, nats);
    try {
      nats.createDispatcher(outcomes::outcome).subscribe(env + ".booking.appointment.>");
      nats.flush(Duration.ofSeconds(5));
      return outcomes;
    } catch (java.util.concurrent.TimeoutException e) {
      nats.close();
      throw new IOException("the outcome subscription was not confirmed by the server within 5 s", e);
    }
  }

  /** Where the bookings are posted: {@code http://127.0.0.1:<port>/bookings}. */
  SagaOutcomes postingTo(int httpPort) {
    bookings = URI.create("http://127.0.0.1:" + httpPort + "/bookings");
    return this;
  }

  /** See {@link SagaSystem#book(long)}. */
  CompletableFuture<SagaSystem.Outcome> book(long startNanos) {
    String slot = "bench-" + slots.incrementAndGet();
    CompletableFuture<SagaSystem.Outcome> outcome = new CompletableFuture<>();
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
  private void post(HttpRequest request, String slot, CompletableFuture<SagaSystem.Outcome> outcome, int retries) {
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
        p.outcome().complete(new SagaSystem.Outcome(confirmed, now - p.startNanos(), confirmed ? "confirmed" : data.path("reason").asText()));
      }
    } catch (IOException e) {
      ctx.log("unreadable booking event on %s: %s", m.getSubject(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    nats.close();
  }
}
