package dev.natsaga.framework;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes events and commands to JetStream as CloudEvents on {@code {env}.{type}}.
 *
 * <p>Every message carries a {@code Nats-Msg-Id} derived from the event's source and id
 * ({@link dev.natsaga.framework.codec.CloudEventCodec#messageId}), so a re-publish of the same event inside
 * the stream's duplicate window is dropped ({@link PublishResult#duplicate()} tells), while another
 * service's event with the same id is stored. Transient failures
 * (timeouts, no responders during a leader change) are retried with exponential backoff and jitter;
 * after the last attempt the call fails with a {@link PublishException} naming the subject and cause.
 * Inside a handler, outgoing events inherit {@code correlationid} and get {@code causationid} = the
 * handled event's id.
 *
 * <pre>{@code
 * PublishResult r = publisher.publish(OutgoingEvent.event("booking.appointment.confirmed.v1", confirmed)
 *     .subject(bookingId).build());
 * publisher.publishAsync(OutgoingEvent.event("booking.slot.reserved.v1", reserved).build())
 *     .thenAccept(ack -> log.info("stored at {}", ack.sequence()));
 * }</pre>
 */
public interface EventPublisher {

  /** Publishes and waits for the stream's acknowledgement. */
  PublishResult publish(OutgoingEvent<?> event);

  /**
   * Shorthand for publishing an event: {@code publish(OutgoingEvent.event(type, data).build())}. The type must be
   * past tense (a fact); a command is published with {@code publish(OutgoingEvent.command(type, data).build())}.
   */
  default PublishResult publish(String type, Object data) {
    return publish(OutgoingEvent.event(type, data).build());
  }

  /**
   * Publishes without waiting for the acknowledgement. The number of messages in flight is bounded:
   * when the window is full the caller waits, so memory never grows without bound.
   */
  CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event);

  /** Publishes all events pipelined and waits for every acknowledgement; results are in order. */
  List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events);

  /** Waits until every asynchronous publish started so far has completed (or the timeout passes). */
  void awaitInFlight(java.time.Duration timeout) throws InterruptedException;
}
