package dev.natsaga.framework.config;

import java.time.Duration;

/**
 * A handler's circuit breaker ({@code HandlerRegistration.Builder.circuitBreaker}): when the share of failing calls
 * among the last {@code windowSize} (at least {@code minimumCalls} recorded) reaches {@code failureRatePercent}, the
 * circuit opens and the handler's consumer stops pulling, so the messages stay in the stream instead of being retried
 * into the dead-letter stream while a dependency is down. After {@code openWait} (doubling per failed probe, at most
 * {@code maxOpenWait}) the circuit is half-open: {@code halfOpenCalls} messages are fetched one by one as probes; when
 * they succeed it closes and pulling resumes, when one fails it opens again.
 *
 * <p>A failure is a handler exception that leads to a retry or, on the last delivery, a dead letter; a message that
 * can never succeed (not a CloudEvent, a payload that does not bind, a non-retryable error) is the message's fault
 * and does not count.
 *
 * <pre>{@code
 * HandlerRegistration.onEvent("booking.appointment.confirmed.v1", Confirmed.class, this::record)
 *     .circuitBreaker(CircuitBreakerOptions.defaults().withOpenWait(Duration.ofSeconds(5), Duration.ofMinutes(1)))
 *     .build();
 * }</pre>
 *
 * @param failureRatePercent the failure rate that opens the circuit, 1 to 100 (default 50)
 * @param minimumCalls       calls recorded before the rate counts (default 10)
 * @param windowSize         the calls the rate is computed over (default 20, at least {@code minimumCalls})
 * @param openWait           how long the circuit stays open before the first probe (default 2s)
 * @param maxOpenWait        the longest wait between probes; the wait doubles per failed probe (default 30s)
 * @param halfOpenCalls      probes that must succeed to close the circuit (default 3)
 */
public record CircuitBreakerOptions(int failureRatePercent, int minimumCalls, int windowSize, Duration openWait,
    Duration maxOpenWait, int halfOpenCalls) {

  public CircuitBreakerOptions {
    require(failureRatePercent >= 1 && failureRatePercent <= 100, "failureRatePercent", failureRatePercent, "between 1 and 100");
    require(minimumCalls >= 1, "minimumCalls", minimumCalls, "at least 1");
    require(windowSize >= minimumCalls, "windowSize", windowSize, "at least minimumCalls (" + minimumCalls + ")");
    require(openWait != null && openWait.toMillis() >= 100, "openWait", openWait, "at least 100ms");
    require(maxOpenWait != null && maxOpenWait.compareTo(openWait) >= 0, "maxOpenWait", maxOpenWait, "at least openWait");
    require(halfOpenCalls >= 1, "halfOpenCalls", halfOpenCalls, "at least 1");
  }

  public static CircuitBreakerOptions defaults() {
    return new CircuitBreakerOptions(50, 10, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), 3);
  }

  /** @return a copy opening at {@code percent} % failures among the last {@code window} calls (at least {@code minimum}) */
  public CircuitBreakerOptions withFailureRate(int percent, int minimum, int window) {
    return new CircuitBreakerOptions(percent, minimum, window, openWait, maxOpenWait, halfOpenCalls);
  }

  /** @return a copy waiting {@code first} before the first probe, doubling up to {@code max} */
  public CircuitBreakerOptions withOpenWait(Duration first, Duration max) {
    return new CircuitBreakerOptions(failureRatePercent, minimumCalls, windowSize, first, max, halfOpenCalls);
  }

  /** @return a copy closing after {@code probes} successful probes */
  public CircuitBreakerOptions withHalfOpenCalls(int probes) {
    return new CircuitBreakerOptions(failureRatePercent, minimumCalls, windowSize, openWait, maxOpenWait, probes);
  }

  private static void require(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("circuit breaker " + field + " must be " + rule + ", got " + value);
    }
  }
}
