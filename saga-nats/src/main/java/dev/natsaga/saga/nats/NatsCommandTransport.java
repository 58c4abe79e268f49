package dev.natsaga.saga.nats;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.logging.FailureStreak;
import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.outbox.CommandTransport;
import dev.natsaga.saga.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandTransport} over natsaga's {@link EventPublisher}: each outbox message becomes a
 * CloudEvent on {@code {env}.{command type}} whose id (and {@code Nats-Msg-Id}) is the message id, whose
 * data is the stored payload JSON (sent as is, not re-encoded), and whose extensions are the message's
 * headers: {@code sagaid}, {@code sagastep}, {@code commandid} and {@code correlationid} (= the saga id).
 *
 * <p>A batch is published pipelined ({@code publishAsync} for all, then the acknowledgements are awaited);
 * the ids whose publish the stream acknowledged are returned, the rest stay in the outbox for the next round.
 * A re-publish of the same message (a crash between publish and mark) is dropped by the stream's duplicate
 * window.
 *
 * <p>Logging: the first round with unpublished messages is a WARN naming the first failure; while rounds keep failing
 * (a NATS leader election, a stream that is down) they are logged at DEBUG, with a WARN reminder every 5 minutes, and
 * the first fully published round after that logs one INFO line with how long publishing failed and how many rounds
 * did. Each message is published with the MDC {@code correlationId} = its saga id.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder().store(store)
 *     .transport(new NatsCommandTransport(natsaga.publisher()))
 *     .build();
 * relay.start();
 * }</pre>
 */
public final class NatsCommandTransport implements CommandTransport {

  private static final Logger LOG = LoggerFactory.getLogger(NatsCommandTransport.class);

  private final EventPublisher publisher;
  private final Duration ackTimeout;
  private final FailureStreak outage = new FailureStreak(LOG, "publishing saga commands");

  /** A transport that waits up to 30 s for a batch's acknowledgements. */
  public NatsCommandTransport(EventPublisher publisher) {
    this(publisher, Duration.ofSeconds(30));
  }

  /**
   * @param ackTimeout how long a batch waits for its acknowledgements; messages not acknowledged by then
   *                   stay unpublished and are offered again (a late success is de-duplicated by the stream)
   */
  public NatsCommandTransport(EventPublisher publisher, Duration ackTimeout) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout must be positive, got " + ackTimeout);
    }
  }

  /** @return the CloudEvent an outbox message is published as */
  public static OutgoingEvent<byte[]> toEvent(OutboxMessage message) {
    OutgoingEvent.Builder<byte[]> event = OutgoingEvent.of(message.type(), message.payloadJson().getBytes(StandardCharsets.UTF_8))
        .id(message.id().toString())
        .subject(message.subject());
    message.headers().forEach(event::extension);
    return event.build();
  }

  @Override
  public Collection<UUID> publish(List<OutboxMessage> batch) {
    Map<OutboxMessage, CompletableFuture<PublishResult>> pending = new LinkedHashMap<>();
    Failures failures = new Failures();
    for (OutboxMessage message : batch) {
      try (MdcScope ignored = MdcScope.correlate(message.sagaId())) {
        pending.put(message, publisher.publishAsync(toEvent(message)));
      } catch (RuntimeException e) {
        failures.add(message, e);
      }
    }
    List<UUID> published = new ArrayList<>(pending.size());
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    for (Map.Entry<OutboxMessage, CompletableFuture<PublishResult>> e : pending.entrySet()) {
      try (MdcScope ignored = MdcScope.correlate(e.getKey().sagaId())) {
        if (await(e.getKey(), e.getValue(), deadline, failures)) {
          published.add(e.getKey().id());
        }
      }
    }
    if (failures.count > 0) {
      outage.failed(failures.describe(batch.size()));
    } else {
      outage.succeeded();
    }
    return published;
  }

  private static boolean await(OutboxMessage message, CompletableFuture<PublishResult> ack, long deadline, Failures failures) {
    try {
      PublishResult result = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (result.duplicate()) {
        LOG.debug("command {} (message {}) was already in stream {}", message.type(), message.id(), result.stream());
      }
      return true;
    } catch (ExecutionException e) {
      failures.add(message, e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      failures.add(message, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(message, e);
    }
    return false;
  }

  /** Collects a batch's failures into one description: the count and the first error. */
  private static final class Failures {
    private int count;
    private String first;

    void add(OutboxMessage message, Throwable e) {
      if (count++ == 0) {
        first = "command " + message.type() + " (message " + message.id() + ", saga " + message.sagaId() + "): "
            + (e instanceof TimeoutException ? "no acknowledgement in time" : e.toString());
      }
    }

    String describe(int batchSize) {
      return count + " of " + batchSize + " saga commands were not published and stay in the outbox for the next round;"
          + " first: " + first;
    }
  }
}
