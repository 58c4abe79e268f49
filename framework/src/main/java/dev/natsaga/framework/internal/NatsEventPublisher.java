package dev.natsaga.framework.internal;

import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.config.PublisherOptions;
import dev.natsaga.framework.observe.TraceInjector;
import dev.natsaga.framework.stream.JetStreamFailures;
import io.cloudevents.CloudEvent;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Publishes CloudEvents to JetStream: encode once, {@code Nats-Msg-Id} derived from source + id, transient
 * failures retried with jittered exponential backoff, asynchronous publishes bounded by a window.
 */
public final class NatsEventPublisher implements EventPublisher {

  private final JetStream jetStream;
  private final Environment environment;
  private final EventFactory events;
  private final CloudEventCodec codec;
  private final PublisherOptions options;
  private final ScheduledExecutorService scheduler;
  private final Semaphore window;
  private final Backoff backoff;
  private final PublishOptions publishOptions;
  private final StreamCapture capture;
  private final TraceInjector trace;
  private final Consumer<String> retried;

  public NatsEventPublisher(JetStream jetStream, JetStreamManagement jsm, Environment environment, EventFactory events,
      CloudEventCodec codec, PublisherOptions options, ScheduledExecutorService scheduler) {
    this(jetStream, jsm, environment, events, codec, options, scheduler, TraceInjector.NONE, subject -> { });
  }

  /**
   * @param trace writes the hop's W3C {@code traceparent} header into each message
   * @param retried told the subject of every publish attempt that is retried (for the retry metric)
   */
  public NatsEventPublisher(JetStream jetStream, JetStreamManagement jsm, Environment environment, EventFactory events,
      CloudEventCodec codec, PublisherOptions options, ScheduledExecutorService scheduler, TraceInjector trace,
      Consumer<String> retried) {
    this.trace = trace;
    this.retried = retried;
    this.jetStream = jetStream;
    this.capture = new StreamCapture(jsm, environment);
    this.environment = environment;
    this.events = events;
    this.codec = codec;
    this.options = options;
    this.scheduler = scheduler;
    this.window = new Semaphore(options.maxInFlight());
    this.backoff = new Backoff(options.retryInitial(), options.retryMax());
    this.publishOptions = PublishOptions.builder().streamTimeout(options.ackTimeout()).build();
  }

  @Override
  public PublishResult publish(OutgoingEvent<?> event) {
    NatsMessage msg = encode(event);
    for (int attempt = 1; ; attempt++) {
      try {
        return result(event.id(), msg, jetStream.publish(attempt == 1 ? msg : copy(msg), publishOptions));
      } catch (IOException | JetStreamApiException e) {
        PublishException uncaptured = attempt == 1 && StreamCapture.isNoResponders(e) ? capture.uncaptured(msg.getSubject()) : null;
        if (uncaptured != null) {
          throw uncaptured;
        }
        if (!JetStreamFailures.isTransient(e) || attempt >= options.attempts()) {
          throw failure(msg, attempt, e);
        }
        retried.accept(msg.getSubject());
        sleep(backoff.delay(attempt));
      }
    }
  }

  @Override
  public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
    NatsMessage msg = encode(event);
    acquire();
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    result.whenComplete((r, e) -> window.release());
    attemptAsync(event.id(), msg, msg, 1, result);
    return result;
  }

  @Override
  public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> batch) {
    List<CompletableFuture<PublishResult>> futures = new ArrayList<>(batch.size());
    for (OutgoingEvent<?> event : batch) {
      futures.add(publishAsync(event));
    }
    return joinAll(futures);
  }

  /** Waits for every publish in order; the first failure is thrown as a {@link PublishException}. */
  public static List<PublishResult> joinAll(List<CompletableFuture<PublishResult>> futures) {
    List<PublishResult> results = new ArrayList<>(futures.size());
    for (CompletableFuture<PublishResult> f : futures) {
      try {
        results.add(f.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof PublishException pe ? pe : new PublishException(e.getCause().getMessage(), e.getCause());
      }
    }
    return results;
  }

  @Override
  public void awaitInFlight(Duration timeout) throws InterruptedException {
    int all = options.maxInFlight();
    if (window.tryAcquire(all, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      window.release(all);
    }
  }

  /** How many asynchronous publishes are waiting for their ack. */
  public int inFlight() {
    return options.maxInFlight() - window.availablePermits();
  }

  private void attemptAsync(String eventId, NatsMessage original, NatsMessage msg, int attempt, CompletableFuture<PublishResult> result) {
    CompletableFuture<PublishAck> ack;
    try {
      ack = jetStream.publishAsync(msg, publishOptions);
    } catch (RuntimeException e) {
      retryOrFail(eventId, original, attempt, e, result);
      return;
    }
    ack.whenComplete((a, e) -> {
      if (e == null) {
        result.complete(result(eventId, original, a));
      } else {
        retryOrFail(eventId, original, attempt, unwrap(e), result);
      }
    });
  }

  private void retryOrFail(String eventId, NatsMessage msg, int attempt, Throwable e, CompletableFuture<PublishResult> result) {
    if (attempt == 1 && StreamCapture.isNoResponders(e)) { // the lookup blocks: not on a jnats thread
      scheduler.execute(() -> {
        PublishException uncaptured = capture.uncaptured(msg.getSubject());
        if (uncaptured != null) {
          result.completeExceptionally(uncaptured);
        } else {
          retryOrFailTransient(eventId, msg, attempt, e, result);
        }
      });
      return;
    }
    retryOrFailTransient(eventId, msg, attempt, e, result);
  }

  private void retryOrFailTransient(String eventId, NatsMessage msg, int attempt, Throwable e,
      CompletableFuture<PublishResult> result) {
    if (!JetStreamFailures.isTransient(e) || attempt >= options.attempts()) {
      result.completeExceptionally(failure(msg, attempt, e));
      return;
    }
    retried.accept(msg.getSubject());
    scheduler.schedule(() -> attemptAsync(eventId, msg, copy(msg), attempt + 1, result),
        backoff.delay(attempt).toMillis(), TimeUnit.MILLISECONDS);
  }

  private NatsMessage encode(OutgoingEvent<?> event) {
    CloudEvent ce = events.create(event);
    ContentMode mode = event.mode() != null ? event.mode() : options.contentMode();
    NatsMessage msg = codec.encode(environment.subject(event.type()), ce, mode);
    trace.inject(msg.getHeaders()::put);
    return msg;
  }

  private static NatsMessage copy(NatsMessage msg) {
    return NatsMessage.builder().subject(msg.getSubject()).headers(new Headers(msg.getHeaders())).data(msg.getData()).build();
  }

  private static PublishResult result(String eventId, NatsMessage msg, PublishAck ack) {
    return new PublishResult(eventId, msg.getSubject(),
        ack.getStream(), ack.getSeqno(), ack.isDuplicate());
  }

  private static PublishException failure(NatsMessage msg, int attempts, Throwable e) {
    String hint = String.valueOf(e.getMessage()).contains("503") ? " (no stream captures this subject, or its leader is unavailable)" : "";
    return new PublishException("publish to '" + msg.getSubject() + "' failed after " + attempts + " attempt(s): "
        + e + hint, e);
  }

  /** The failure inside jnats' wrappers: a CompletionException, or a plain RuntimeException around an IOException. */
  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private void acquire() {
    try {
      window.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while waiting for a publish slot", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while retrying a publish", e);
    }
  }
}
