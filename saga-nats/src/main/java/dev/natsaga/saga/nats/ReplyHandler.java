package dev.natsaga.saga.nats;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a reply event into a {@link SagaReply} and hands it to the engine; see {@link SagaReplyHandlers}. */
final class ReplyHandler implements EventHandler<CloudEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyHandler.class);

  private final Supplier<SagaEngine> engine;

  ReplyHandler(Supplier<SagaEngine> engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Event<CloudEvent> event) {
    SagaReply reply = toReply(event.data());
    try (MdcScope ignored = MdcScope.correlate(reply.sagaId())) {
      ReplyDisposition disposition = engine.get().handleReply(reply);
      if (disposition == ReplyDisposition.UNKNOWN_SAGA) {
        LOG.debug("reply {} names saga {}, which this orchestrator's database does not know; acknowledged", event,
            reply.sagaId());
      } else {
        LOG.debug("reply {} to saga {} step '{}': {}", event, reply.sagaId(), reply.step(), disposition);
      }
    }
  }

  /** @throws NonRetryableException when the reply cannot be correlated (missing or malformed saga attributes) */
  static SagaReply toReply(CloudEvent ce) {
    String sagaId = extension(ce, Extensions.SAGA_ID);
    String step = extension(ce, Extensions.SAGA_STEP);
    if (sagaId == null || step == null) {
      throw new NonRetryableException("reply " + ce.getType() + " " + ce.getId() + " has no '"
          + (sagaId == null ? Extensions.SAGA_ID : Extensions.SAGA_STEP)
          + "' extension: a participant must echo sagaid, sagastep and commandid of the command it answers"
          + " (the SagaParticipant API does)");
    }
    CloudEventData data = ce.getData();
    try {
      return SagaReply.builder().sagaId(sagaId).step(step).commandId(extension(ce, Extensions.COMMAND_ID))
          .type(ce.getType()).id(ce.getId()).payload(data == null ? null : data.toBytes()).build();
    } catch (IllegalArgumentException e) {
      throw new NonRetryableException("reply " + ce.getType() + " " + ce.getId() + " cannot be correlated: " + e.getMessage(), e);
    }
  }

  private static String extension(CloudEvent ce, String name) {
    Object value = ce.getExtension(name);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
