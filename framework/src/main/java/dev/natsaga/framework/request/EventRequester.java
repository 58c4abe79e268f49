package dev.natsaga.framework.request;

import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.InvalidTypeException;
import dev.natsaga.framework.MessageKind;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.codec.PayloadBindingException;
import dev.natsaga.framework.codec.PayloadCodec;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request-reply over core NATS (not JetStream) with CloudEvents both ways, for queries that need an
 * answer now. Requests go to {@code {env}.rpc.{type}}, which no stream captures. Responders of a service share a queue group, so each request is answered once.
 * A request is a command (imperative type, e.g. {@code payment.balance.get.v1}) and its answer an event (past
 * tense, e.g. {@code payment.balance.reported.v1}); a message of the other kind is refused with an
 * {@link dev.natsaga.framework.InvalidTypeException} naming the type and the rule.
 *
 * <pre>{@code
 * EventRequester rr = natsaga.requester();
 * rr.respond("payment.balance.get.v1", BalanceQuery.class, q -> OutgoingEvent.event("payment.balance.reported.v1", balances.of(q.data())).build(), "payment-service");
 * Event<Balance> answer = rr.request(OutgoingEvent.command("payment.balance.get.v1", new BalanceQuery("c-1")).build(), Balance.class, Duration.ofSeconds(2));
 * }</pre>
 */
public final class EventRequester {

  private static final Logger LOG = LoggerFactory.getLogger(EventRequester.class);

  private final Connection connection;
  private final Environment environment;
  private final EventFactory events;
  private final CloudEventCodec codec;
  private final PayloadCodec payloads;

  public EventRequester(Connection connection, Environment environment, EventFactory events, CloudEventCodec codec,
      PayloadCodec payloads) {
    this.connection = connection;
    this.environment = environment;
    this.events = events;
    this.codec = codec;
    this.payloads = payloads;
  }

  /**
   * Sends a request (a command, see {@link OutgoingEvent#command}) and waits for the reply bound to {@code replyType};
   * fails with a {@link RequestException} naming the subject.
   */
  public <R> Event<R> request(OutgoingEvent<?> request, Class<R> replyType, Duration timeout) {
    requireKind(request, MessageKind.COMMAND);
    String subject = environment.requestSubject(request.type());
    NatsMessage msg = codec.encode(subject, events.create(request), mode(request));
    Message reply;
    try {
      reply = connection.requestWithTimeout(msg, timeout).get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (CancellationException | ExecutionException e) {
      throw new RequestException("no responder for request on '" + subject + "'", e);
    } catch (TimeoutException e) {
      throw new RequestException("no reply on '" + subject + "' within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestException("interrupted waiting for a reply on '" + subject + "'", e);
    }
    if (reply.isStatusMessage()) {
      throw new RequestException("no responder for request on '" + subject + "' (status " + reply.getStatus().getCode() + ")", null);
    }
    return decode(subject, reply, replyType);
  }

  private <R> Event<R> decode(String subject, Message reply, Class<R> replyType) {
    try {
      CloudEvent ce = codec.decode(reply);
      R data = payloads.bind(ce, replyType);
      return new Event<>(ce, EventType.parse(ce.getType()), data, new Event.Delivery(reply.getSubject(), null, 0, 1));
    } catch (InvalidCloudEventException | PayloadBindingException | IllegalArgumentException e) {
      throw new RequestException("invalid reply to request on '" + subject + "': " + e.getMessage(), e);
    }
  }

  /**
   * Answers requests of {@code type} (a command type) in queue group {@code group} with the event the responder
   * returns; returns the dispatcher (close it with {@code connection.closeDispatcher}). A request that cannot be
   * decoded, and an answer that is not an event, are logged and not answered.
   */
  public <T> Dispatcher respond(String type, Class<T> requestType, Function<Event<T>, OutgoingEvent<?>> responder, String group) {
    EventType eventType = EventType.command(type);
    String subject = environment.requestSubject(eventType);
    Dispatcher dispatcher = connection.createDispatcher(msg -> answer(msg, eventType, requestType, responder));
    dispatcher.subscribe(subject, group);
    flush(subject);
    LOG.info("responding to {} in queue group {}", subject, group);
    return dispatcher;
  }

  private void flush(String subject) {
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new RequestException("could not confirm the responder subscription on '" + subject + "' with the server", e);
    }
  }

  private <T> void answer(Message msg, EventType type, Class<T> requestType, Function<Event<T>, OutgoingEvent<?>> responder) {
    if (msg.getReplyTo() == null) {
      LOG.warn("request on {} has no reply subject; ignored", msg.getSubject());
      return;
    }
    Event<T> request = decode(msg.getSubject(), msg, requestType);
    Event<?> previous = EventContext.enter(request);
    try {
      OutgoingEvent<?> answer = responder.apply(request);
      requireKind(answer, MessageKind.EVENT);
      connection.publish(codec.encode(msg.getReplyTo(), events.create(answer), mode(answer)));
    } catch (InvalidTypeException e) {
      LOG.error("request on {} not answered: the answer must be an event: {}", msg.getSubject(), e.getMessage());
    } finally {
      EventContext.restore(previous);
    }
  }

  /** Throws {@link InvalidTypeException} naming the type and the rule unless the message's type is of {@code kind}. */
  private static void requireKind(OutgoingEvent<?> message, MessageKind kind) {
    if (message.kind() != kind) {
      message.type().requireKind(kind);
    }
  }

  private static ContentMode mode(OutgoingEvent<?> e) {
    return e.mode() != null ? e.mode() : ContentMode.STRUCTURED;
  }
}
