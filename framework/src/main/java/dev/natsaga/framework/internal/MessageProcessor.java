package dev.natsaga.framework.internal;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.codec.PayloadBindingException;
import dev.natsaga.framework.codec.PayloadCodec;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadPipeline;
import dev.natsaga.framework.payload.PayloadRejectedException;
import io.cloudevents.CloudEvent;
import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivery end to end: decode, the incoming payload stages, validate the type, bind, run the middleware chain, then ack,
 * delay-nak for a retry, or dead-letter and terminate. Nothing is lost: when the dead-letter stream
 * cannot be reached the message is redelivered later instead of being dropped.
 */
public final class MessageProcessor implements MessageStep {

  private static final Logger LOG = LoggerFactory.getLogger(MessageProcessor.class);

  private final HandlerInfo info;
  private final Class<?> payloadType;
  private final ConsumerOptions options;
  private final CloudEventCodec codec;
  private final PayloadCodec payloads;
  private final EventHandler<Object> chain;
  private final DeadLetterSender deadLetters;
  private final Backoff backoff;
  private final PayloadPipeline pipeline;

  public MessageProcessor(HandlerInfo info, Class<?> payloadType, ConsumerOptions options, CloudEventCodec codec,
      PayloadCodec payloads, EventHandler<Object> chain, DeadLetterSender deadLetters) {
    this(info, payloadType, options, codec, payloads, chain, deadLetters, PayloadPipeline.NONE);
  }

  /** @param pipeline the incoming side of the payload stages, run after decoding and before the type check */
  public MessageProcessor(HandlerInfo info, Class<?> payloadType, ConsumerOptions options, CloudEventCodec codec,
      PayloadCodec payloads, EventHandler<Object> chain, DeadLetterSender deadLetters, PayloadPipeline pipeline) {
    this.pipeline = pipeline;
    this.info = info;
    this.payloadType = payloadType;
    this.options = options;
    this.codec = codec;
    this.payloads = payloads;
    this.chain = chain;
    this.deadLetters = deadLetters;
    this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
  }

  @Override
  public Outcome process(Message msg) {
    NatsJetStreamMetaData meta = msg.metaData();
    long delivery = meta.deliveredCount();
    if (delivery > options.maxDeliver()) {
      return deadLetter(msg, delivery, DeadLetterReason.MAX_DELIVERIES, null,
          "delivered " + delivery + " times without an ack (max " + options.maxDeliver() + ")");
    }
    Object decoded = toEvent(msg, meta);
    if (decoded instanceof Outcome refused) {
      return refused;
    }
    @SuppressWarnings("unchecked")
    Event<Object> event = (Event<Object>) decoded;
    return handle(msg, event, delivery);
  }

  /** The event, or the {@link Outcome} of dead-lettering a message that is not one this handler can take. */
  private Object toEvent(Message msg, NatsJetStreamMetaData meta) {
    long delivery = meta.deliveredCount();
    CloudEvent ce;
    try {
      ce = codec.decode(msg);
    } catch (InvalidCloudEventException e) {
      return deadLetter(msg, delivery, DeadLetterReason.INVALID_CLOUDEVENT, e, e.getMessage());
    } catch (RuntimeException e) {
      // a decoder bug must not leave the message to time out and come back on every ack wait
      return deadLetter(msg, delivery, DeadLetterReason.INVALID_CLOUDEVENT, e, "unreadable CloudEvent: " + e);
    }
    try {
      ce = pipeline.incoming(ce, info);
    } catch (PayloadRejectedException e) {
      return deadLetter(msg, delivery, e.reason(), e, e.getMessage());
    } catch (RuntimeException e) {
      return retryLater(msg, delivery, e, ce.getType() + "/" + ce.getId(), null);
    }
    EventType type;
    try {
      type = info.type().name().equals(ce.getType()) ? info.type() : EventType.parse(ce.getType());
    } catch (IllegalArgumentException e) {
      return deadLetter(msg, delivery, DeadLetterReason.INVALID_TYPE, e, e.getMessage());
    }
    if (!type.equals(info.type())) {
      return deadLetter(msg, delivery, DeadLetterReason.UNKNOWN_TYPE, null,
          "type '" + type + "' is not handled by " + info.durableName() + " (expects '" + info.type() + "')");
    }
    try {
      Object data = payloads.bind(ce, payloadType);
      return new Event<>(ce, type, data, new Event.Delivery(msg.getSubject(), meta.getStream(), meta.streamSequence(), delivery));
    } catch (PayloadBindingException e) {
      return deadLetter(msg, delivery, DeadLetterReason.PAYLOAD_BINDING, e, e.getMessage());
    }
  }

  private Outcome handle(Message msg, Event<Object> event, long delivery) {
    try {
      chain.handle(event);
      msg.ack();
      return SkippedDuplicates.take() ? Outcome.SKIPPED_DUPLICATE : Outcome.ACKED;
    } catch (NonRetryableException e) {
      return deadLetter(msg, delivery, DeadLetterReason.NON_RETRYABLE, e, e.toString());
    } catch (Exception e) {
      return retryLater(msg, delivery, e, event.toString(), event.correlationId());
    } catch (Error e) {
      msg.nakWithDelay(backoff.delay(delivery));
      throw e;
    } finally {
      SkippedDuplicates.take();
    }
  }

  /** A delayed redelivery, or the dead-letter stream once the deliveries are used up. */
  private Outcome retryLater(Message msg, long delivery, Exception e, String what, String correlationId) {
    if (delivery >= options.maxDeliver()) {
      return deadLetter(msg, delivery, DeadLetterReason.MAX_DELIVERIES, e, e.toString());
    }
    Duration delay = backoff.delay(delivery);
    LOG.warn("handler {} failed on {} (delivery {}/{}), retrying in {} ms: {} [correlationid={}]", info.durableName(),
        what, delivery, options.maxDeliver(), delay.toMillis(), pipeline.redact(e.toString()), correlationId);
    msg.nakWithDelay(delay);
    return Outcome.retried(e);
  }

  private Outcome deadLetter(Message msg, long delivery, DeadLetterReason reason, Throwable cause, String unredacted) {
    String error = pipeline.redact(unredacted);
    try {
      deadLetters.send(msg, info.durableName(), reason, error);
      msg.term();
      LOG.warn("dead-lettered {} from {} for {} after {} delivery(ies): {} - {}", msg.getSubject(),
          info.stream() + "/" + msg.metaData().streamSequence(), info.durableName(), delivery, reason.header(), error);
      Outcome.Kind kind = reason == DeadLetterReason.MAX_DELIVERIES ? Outcome.Kind.DEAD_LETTERED : Outcome.Kind.POISON;
      return new Outcome(kind, reason.header(), cause != null ? cause.getClass().getName() : reason.header(), error);
    } catch (Exception e) {
      Duration delay = backoff.delay(delivery);
      LOG.error("cannot dead-letter {} ({}): {}; redelivering in {} ms", msg.getSubject(), reason.header(), e.toString(), delay.toMillis());
      msg.nakWithDelay(delay);
      return Outcome.retried(e);
    }
  }
}
