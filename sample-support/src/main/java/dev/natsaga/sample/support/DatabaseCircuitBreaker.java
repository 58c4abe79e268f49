package dev.natsaga.sample.support;

import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * The circuit breaker the samples put on their database-writing handlers (the payment service's command handlers, the
 * booking service's saga reply handlers), switched by {@code DB_CIRCUIT_BREAKER} ({@code true} by default).
 *
 * <p>While the database fails (a full disk, a lost server), a handler's messages would otherwise be retried until their
 * deliveries are used up ({@code NATS_CONSUMER_MAX_DELIVER}, 5) and then dead-lettered. With the breaker, two failed
 * calls out of the last three open the circuit (a window of three, so the successes before an outage do not delay it
 * past a lone message's second delivery): the consumer stops pulling, the messages wait in the
 * stream, a single message probes after 5 s (the wait doubling per failed probe, at most 60 s) and a good probe
 * resumes pulling. A probe and a message handed back while the circuit is open each cost a delivery, so a lone message
 * failing all along uses its five deliveries in about 35 s (a failure, one handed back, probes after 5, 15 and 35 s)
 * instead of about 7 s: an outage of half a minute costs no dead letter.
 *
 * <pre>{@code
 * DatabaseCircuitBreaker.fromEnvironment(settings).ifPresent(participantBuilder::circuitBreaker);
 * }</pre>
 */
public final class DatabaseCircuitBreaker {

  /** The setting: {@code true} (default) or {@code false}. */
  public static final String SETTING = "DB_CIRCUIT_BREAKER";

  /** The samples' breaker: opens when 2 of the last 3 calls failed, probes after 5 s up to 60 s, one at a time. */
  public static final CircuitBreakerOptions OPTIONS = CircuitBreakerOptions.defaults()
      .withFailureRate(60, 3, 3)
      .withOpenWait(Duration.ofSeconds(5), Duration.ofSeconds(60))
      .withHalfOpenCalls(1);

  private DatabaseCircuitBreaker() {
  }

  /** @return {@link #OPTIONS} unless {@code DB_CIRCUIT_BREAKER=false} */
  public static Optional<CircuitBreakerOptions> fromEnvironment(Settings s) {
    return s.bool(SETTING, true) ? Optional.of(OPTIONS) : Optional.empty();
  }
}
