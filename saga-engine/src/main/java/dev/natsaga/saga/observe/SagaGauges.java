package dev.natsaga.saga.observe;

import static dev.natsaga.saga.observe.SagaMetricNames.*;

import dev.natsaga.saga.store.SagaStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the saga database on their own thread at an interval: sagas by type and status, the outbox
 * backlog and the age of its oldest row, and the deadline scanner's lag. A scrape never queries the database.
 *
 * <pre>{@code
 * SagaGauges gauges = SagaGauges.start(store, meterRegistry, Duration.ofSeconds(10)); // close() on shutdown
 * }</pre>
 */
public final class SagaGauges implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SagaGauges.class);
  private final SagaDatabaseProbe probe;
  private final MultiGauge byStatus;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicReference<Double> oldestAge = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lag = new AtomicReference<>(0.0);
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "natsaga-saga-gauges");
    t.setDaemon(true);
    return t;
  });

  private SagaGauges(SagaStore store, MeterRegistry registry) {
    this.probe = new SagaDatabaseProbe(store, Duration.ofSeconds(5));
    this.byStatus = MultiGauge.builder(BY_STATUS).description("sagas in the database by type and status").register(registry);
    Gauge.builder(OUTBOX_BACKLOG, backlog, AtomicLong::get).description("unpublished outbox rows").register(registry);
    Gauge.builder(OUTBOX_OLDEST_AGE, oldestAge, AtomicReference::get).baseUnit("seconds")
        .description("age of the oldest unpublished outbox row").register(registry);
    Gauge.builder(DEADLINE_LAG, lag, AtomicReference::get).baseUnit("seconds")
        .description("how far the oldest due deadline of an active saga is past").register(registry);
  }

  /** Registers the gauges and polls every {@code interval}. */
  public static SagaGauges start(SagaStore store, MeterRegistry registry, Duration interval) {
    SagaGauges g = new SagaGauges(store, registry);
    g.poller.scheduleWithFixedDelay(g::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return g;
  }

  /** Reads the database now (also done on the schedule). */
  public void poll() {
    try {
      byStatus.register(probe.byStatus().stream()
          .map(r -> MultiGauge.Row.of(Tags.of("saga_type", r.sagaType(), "status", r.status()), r.count())).toList(), true);
      SagaDatabaseProbe.Outbox outbox = probe.outbox();
      backlog.set(outbox.rows());
      oldestAge.set(outbox.oldestAge().toMillis() / 1000.0);
      lag.set(probe.deadlineLag().toMillis() / 1000.0);
    } catch (RuntimeException e) {
      LOG.debug("could not read the saga gauges: {}", e.toString());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
