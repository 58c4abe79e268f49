package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.SagaReply;
import io.cloudevents.CloudEvent;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the scripted participants' replies as a {@code SagaParticipant} does: {@code sagaid}, {@code sagastep}
 * and {@code commandid} of the command, correlation inherited, causation = the command, an event id unique in the kit.
 */
final class KitReplies {

  private final KitTraffic traffic;
  private final Set<String> replyIds = ConcurrentHashMap.newKeySet();

  KitReplies(KitTraffic traffic) {
    this.traffic = traffic;
  }

  /** Publishes one reply through {@code participant}'s runtime; called on a participant's consumer thread. */
  void send(Natsaga participant, Event<CloudEvent> command, SagaReply reply) {
    OutgoingEvent.Builder<byte[]> event = OutgoingEvent.event(reply.type(), reply.payload())
        .id(replyId(reply.id()))
        .subject(command.subject())
        .causedBy(command)
        .extension(Extensions.SAGA_ID, reply.sagaId().toString())
        .extension(Extensions.SAGA_STEP, reply.step());
    if (reply.commandId() != null) {
      event.extension(Extensions.COMMAND_ID, reply.commandId().toString());
    }
    traffic.replyPublishing();
    try {
      participant.publisher().publish(event.build());
    } catch (RuntimeException e) {
      traffic.replyNotPublished();
      throw e;
    }
  }

  /** The reply's own id, unless it is not an event id or was sent already (the stream would drop it as a duplicate). */
  private String replyId(String id) {
    String candidate = id;
    try {
      if (!UUID.fromString(id).toString().equalsIgnoreCase(id)) {
        candidate = UUID.randomUUID().toString();
      }
    } catch (IllegalArgumentException e) {
      candidate = UUID.randomUUID().toString();
    }
    while (!replyIds.add(candidate)) {
      candidate = UUID.randomUUID().toString();
    }
    return candidate;
  }
}
