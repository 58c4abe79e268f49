package dev.natsaga.framework.internal;

import dev.natsaga.framework.BatchHandler;
import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.consume.HandlerInfo;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The innermost handler of a batch registration: each event, on its own handler thread and after everything a single
 * event goes through (decoding, payload stages, binding, idempotency claim, middleware), joins the open batch and waits
 * for it. The first event of a batch leads: it waits until the batch has {@code maxBatch} events or {@code maxWait}
 * passed, closes it, runs the {@link BatchHandler} once for all and hands each waiting event its own outcome, which
 * each thread then settles as a single handler's (ack, delayed nak, dead letter). So every message of a batch is kept
 * alive ({@code inProgress}) and settled on its own, and nothing is acknowledged before the batch handler returned.
 *
 * <p>The leader stops waiting early when no other message of the consumer is on its way to the batch (every message
 * that arrived and is not settled yet is already in a batch): under light load a batch goes at once instead of after
 * {@code maxWait}, under load it fills.
 */
public final class BatchJoin implements EventHandler<Object> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchJoin.class);
  /** How often a waiting leader looks again whether messages are still on their way. */
  private static final long RECHECK_NANOS = 200_000;

  private final HandlerInfo info;
  private final BatchHandler<Object> handler;
  private final BatchOptions options;
  private final BatchObserver observer;
  private final IntSupplier inFlight;
  private final Object lock = new Object();
  private Batch open;
  /** Threads inside {@link #handle} (joined a batch, not yet returned); guarded by {@code lock}. */
  private int holding;

  /** Runs a batch inside its span and records its size (each a no-op without tracing and metrics). */
  @FunctionalInterface
  public interface BatchObserver {
    BatchObserver NONE = (info, subject, size, links, run) -> run.call();

    /**
     * @param size the batch's events
     * @param links the span contexts of its messages' own spans (valid ones only)
     */
    BatchResult observe(HandlerInfo info, String subject, int size, List<SpanContext> links, Callable<BatchResult> run)
        throws Exception;
  }

  /**
   * @param inFlight the consumer's messages that arrived and are not settled yet (to close a batch early when none
   *     other than its members is on its way)
   */
  @SuppressWarnings("unchecked")
  public BatchJoin(HandlerInfo info, BatchHandler<?> handler, BatchOptions options, BatchObserver observer, IntSupplier inFlight) {
    this.inFlight = inFlight;
    this.info = info;
    this.handler = (BatchHandler<Object>) handler;
    this.options = options;
    this.observer = observer;
  }

  @Override
  public void handle(Event<Object> event) throws Exception {
    try {
      join(event);
    } finally {
      synchronized (lock) {
        holding--;
      }
    }
  }

  private void join(Event<Object> event) throws Exception {
    Batch batch;
    boolean leader;
    synchronized (lock) {
      holding++;
      leader = open == null;
      if (leader) {
        open = new Batch(options.maxBatch());
      }
      batch = open;
      batch.add(event, Context.current());
      if (batch.full()) {
        open = null;
        lock.notifyAll();
      }
    }
    if (leader) {
      awaitClose(batch);
      run(batch);
    }
    batch.rethrowFailureOf(event);
  }

  /**
   * Waits until the batch is full, its time is up or no other message is on its way, then closes it (no event joins
   * it afterwards).
   */
  private void awaitClose(Batch batch) {
    long deadline = System.nanoTime() + options.maxWait().toNanos();
    boolean interrupted = false;
    synchronized (lock) {
      while (open == batch && inFlight.getAsInt() > holding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, RECHECK_NANOS));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      if (open == batch) {
        open = null;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the handler for the closed batch with no single event's context (no current event, MDC or trace: the batch
   * span, if tracing, is a root linked to its messages), then wakes every member.
   */
  private void run(Batch batch) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Event<?> previous = EventContext.enter(null);
    Map<Event<?>, Context> previousContexts = BatchContexts.enter(batch.contexts);
    MDC.clear();
    try (io.opentelemetry.context.Scope root = Context.root().makeCurrent()) {   // not the leader's message's trace
      Event.Delivery first = batch.events.get(0).delivery();
      BatchResult result = observer.observe(info, first != null ? first.natsSubject() : info.type().name(), batch.events.size(),
          batch.links,
          () -> handler.handle(List.copyOf(batch.events)));
      if (result == null) {
        batch.failAll(new IllegalStateException("the batch handler of " + info.durableName()
            + " returned null: return BatchResult.allSucceeded() or the failed events"));
      } else {
        batch.settle(result);
      }
    } catch (Exception e) {
      LOG.warn("batch handler {} failed for its whole batch of {} event(s), each is retried: {}", info.durableName(),
          batch.events.size(), e.toString());
      batch.failAll(e instanceof NonRetryableException ? new IllegalStateException("whole batch failed: " + e, e) : e);
    } catch (Error e) {
      LOG.error("batch handler {} failed with {} for its batch of {} event(s); each is retried", info.durableName(), e,
          batch.events.size(), e);
      batch.failAll(new IllegalStateException("whole batch failed: " + e, e));
    } finally {
      BatchContexts.restore(previousContexts);
      EventContext.restore(previous);
      if (mdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(mdc);
      }
      batch.done.countDown();
    }
  }

  /** One batch: its events in arrival order, their span contexts, and once run each one's failure (or none). */
  private static final class Batch {
    private final int max;
    private final List<Event<Object>> events;
    private final List<SpanContext> links;
    private final Map<Event<?>, Context> contexts = new IdentityHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile BatchResult result;
    private volatile Exception all;

    Batch(int max) {
      this.max = max;
      this.events = new ArrayList<>(Math.min(max, 16));
      this.links = new ArrayList<>(Math.min(max, 16));
    }

    void add(Event<Object> event, Context context) {
      events.add(event);
      contexts.put(event, context);
      SpanContext span = Span.fromContext(context).getSpanContext();
      if (span.isValid()) {
        links.add(span);
      }
    }

    boolean full() {
      return events.size() >= max;
    }

    void settle(BatchResult value) {
      result = value;
    }

    void failAll(Exception e) {
      all = e;
    }

    void rethrowFailureOf(Event<Object> event) throws Exception {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;       // the batch holds this event: its outcome is needed to settle the message
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (all != null) {
        throw all;
      }
      if (result.failedCount() > 0 && result.failure(event).isPresent()) {
        throw result.failure(event).get();
      }
    }
  }
}
