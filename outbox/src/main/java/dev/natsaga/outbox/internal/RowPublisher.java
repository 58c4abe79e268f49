package dev.natsaga.outbox.internal;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.logging.FailureStreak;
import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.framework.observe.TraceContexts;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch of rows pipelined through the framework's publisher (so every publish gets its codec, retries,
 * {@code Nats-Msg-Id}, metrics and tracing) and waits up to the ack timeout for the acknowledgements. Returns the ids
 * acknowledged; the rest stay unpublished for the next round (a late success is de-duplicated by the stream). A
 * failing round is logged once per outage ({@link FailureStreak}).
 */
final class RowPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(RowPublisher.class);

  private final Supplier<EventPublisher> publisher;
  private final Duration ackTimeout;
  private final FailureStreak outage = new FailureStreak(LOG, "publishing outbox events");

  RowPublisher(Supplier<EventPublisher> publisher, Duration ackTimeout) {
    this.publisher = publisher;
    this.ackTimeout = ackTimeout;
  }

  List<UUID> publish(List<OutboxRow> batch) {
    Map<OutboxRow, CompletableFuture<PublishResult>> pending = new LinkedHashMap<>();
    Failures failures = new Failures();
    EventPublisher target = publisher.get();
    for (OutboxRow row : batch) {
      try (MdcScope ignored = MdcScope.correlate(row.correlationId());
          Scope trace = TraceContexts.extract(row.extensions()).makeCurrent()) {
        pending.put(row, target.publishAsync(row.toEvent()));
      } catch (RuntimeException e) {
        failures.add(row, e);
      }
    }
    List<UUID> published = new ArrayList<>(pending.size());
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    pending.forEach((row, ack) -> {
      if (await(row, ack, deadline, failures)) {
        published.add(row.id());
      }
    });
    if (failures.count > 0) {
      outage.failed(failures.describe(batch.size()));
    } else {
      outage.succeeded();
    }
    return published;
  }

  private static boolean await(OutboxRow row, CompletableFuture<PublishResult> ack, long deadline, Failures failures) {
    try (MdcScope ignored = MdcScope.correlate(row.correlationId())) {
      PublishResult result = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (result.duplicate()) {
        LOG.debug("outbox event {} {} was already in stream {}", row.type(), row.id(), result.stream());
      }
      return true;
    } catch (ExecutionException e) {
      failures.add(row, e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      failures.add(row, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(row, e);
    }
    return false;
  }

  /** A batch's failures as one description: the count and the first error. */
  private static final class Failures {
    private int count;
    private String first;

    void add(OutboxRow row, Throwable e) {
      if (count++ == 0) {
        first = row.type() + " " + row.id() + " (correlation " + row.correlationId() + "): "
            + (e instanceof TimeoutException ? "no acknowledgement in time" : e.toString());
      }
    }

    String describe(int batchSize) {
      return count + " of " + batchSize + " outbox events were not published and stay in the outbox for the next round;"
          + " first: " + first;
    }
  }
}
