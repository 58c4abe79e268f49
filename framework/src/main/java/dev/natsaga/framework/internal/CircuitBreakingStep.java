package dev.natsaga.framework.internal;

import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler's circuit breaker (resilience4j) around its message processing. Handler failures that lead to a retry or
 * a dead letter are recorded as failures, handled messages as successes. When the circuit opens, the consumer stops
 * pulling and a message still arriving is handed back unhandled (a {@code nak} delayed by {@link #HOLD}, outcome
 * {@code held}); when it turns
 * half-open, single messages are fetched as probes; when it closes, pulling resumes. Opening is logged at WARN once
 * per outage; re-opening after a failed probe, half-open and closed at INFO.
 */
public final class CircuitBreakingStep implements MessageStep {

  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingStep.class);
  private static final Duration PROBE_WAIT = Duration.ofSeconds(2);
  /**
   * A message arriving while the circuit is open is handed back with this delay: longer than a pull request lives
   * ({@code DurableConsumer}'s 5 s), so the pull still open when pulling paused cannot bounce it back and forth, each
   * bounce costing a delivery; it comes back once pulling resumes (or as a probe).
   */
  static final Duration HOLD = Duration.ofSeconds(6);

  private final HandlerInfo info;
  private final CircuitBreaker breaker;
  private final ScheduledExecutorService scheduler;
  /** Probes block on a fetch for up to {@link #PROBE_WAIT}: their own daemon thread, not the shared scheduler. */
  private final ExecutorService prober;
  private MessageStep inner;
  private PullControl pulls;
  private final AtomicLong opened = new AtomicLong();

  public CircuitBreakingStep(HandlerInfo info, CircuitBreakerOptions options, ScheduledExecutorService scheduler) {
    this.info = info;
    this.scheduler = scheduler;
    this.prober = Executors.newSingleThreadExecutor(NamedThreads.factory("natsaga-probe-" + info.durableName()));
    this.breaker = CircuitBreaker.of(info.durableName(), CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(options.windowSize())
        .minimumNumberOfCalls(options.minimumCalls())
        .failureRateThreshold(options.failureRatePercent())
        .permittedNumberOfCallsInHalfOpenState(options.halfOpenCalls())
        .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(options.openWait(), 2.0, options.maxOpenWait()))
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .build());
    breaker.getEventPublisher().onStateTransition(this::onTransition);
  }

  /** Wraps the processing this breaker guards; the consumer it pauses is attached once built. */
  public MessageStep wrap(MessageStep processing) {
    this.inner = processing;
    return this;
  }

  /** The consumer whose pulling follows the circuit. */
  public void attach(PullControl consumer) {
    this.pulls = consumer;
  }

  /** The circuit, for health and metrics. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  public HandlerInfo info() {
    return info;
  }

  @Override
  public Outcome process(Message msg) {
    if (!breaker.tryAcquirePermission()) {
      msg.nakWithDelay(HOLD);
      return Outcome.HELD;
    }
    long start = System.nanoTime();
    Outcome outcome;
    try {
      outcome = inner.process(msg);
    } catch (RuntimeException | Error e) {
      breaker.releasePermission();
      throw e;
    }
    record(outcome, System.nanoTime() - start);
    if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      probeSoon();
    }
    return outcome;
  }

  private void record(Outcome outcome, long nanos) {
    switch (outcome.kind()) {
      case ACKED, SKIPPED_DUPLICATE -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      case RETRIED, DEAD_LETTERED -> breaker.onError(nanos, TimeUnit.NANOSECONDS, new HandlerFailure(outcome.error()));
      default -> breaker.releasePermission();
    }
  }

  private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
    CircuitBreaker.State to = event.getStateTransition().getToState();
    if (to == CircuitBreaker.State.OPEN) {
      if (event.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
        opened.incrementAndGet();
        LOG.warn("circuit of handler {} opened ({}% of the last calls failed): pulling paused, messages stay in {}",
            info.durableName(), Math.round(breaker.getMetrics().getFailureRate()), info.stream());
      } else {
        LOG.info("circuit of handler {} open again: a probe failed", info.durableName());
      }
      scheduler.execute(pulls::pausePulling);
    } else if (to == CircuitBreaker.State.HALF_OPEN) {
      LOG.info("circuit of handler {} half-open: probing with single messages", info.durableName());
      probeSoon();
    } else if (to == CircuitBreaker.State.CLOSED) {
      LOG.info("circuit of handler {} closed: pulling resumed", info.durableName());
      scheduler.execute(pulls::resumePulling);
    }
  }

  private void probeSoon() {
    try {
      prober.execute(this::probe);
    } catch (RejectedExecutionException closed) {
      LOG.debug("circuit of handler {} closed down; no probe", info.durableName());
    }
  }

  /** @return how often the circuit opened since start */
  public long timesOpened() {
    return opened.get();
  }

  /** Half-open: fetches one message as a probe; with none waiting there is nothing to protect, so the circuit closes. */
  private void probe() {
    if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
      return;
    }
    switch (pulls.pullOne(PROBE_WAIT)) {
      case NONE_WAITING -> {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
          breaker.transitionToClosedState();
        }
      }
      case FAILED -> scheduler.schedule(this::probeSoon, 1, TimeUnit.SECONDS);
      default -> { }
    }
  }

  /** Stops the probe thread (the consumer stops first). */
  public void close() {
    prober.shutdownNow();
  }

  /** A handler failure as the breaker records it (no stack trace: the handler's own log line has the cause). */
  private static final class HandlerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerFailure(String message) {
      super(message, null, false, false);
    }
  }
}
