package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.StepLogEntry;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The framework handler behind one {@link ScriptedParticipant} of a {@link NatsSagaTestKit}: turns the received
 * command event back into the {@link OutboxMessage} the reactions see (id, type, subject, payload and saga headers
 * from the wire; the saga type and phase looked up in the kit's store), runs the script and publishes its replies.
 */
final class KitParticipantHandler implements EventHandler<CloudEvent> {

  /** Publishes one reply to the command it answers. */
  interface ReplySender {
    void send(Event<CloudEvent> command, SagaReply reply);
  }

  private static final List<String> HEADERS = List.of(OutboxMessage.SAGA_ID, OutboxMessage.SAGA_STEP,
      OutboxMessage.COMMAND_ID, OutboxMessage.CORRELATION_ID);

  private final ScriptedParticipant participant;
  private final SagaStore store;
  private final ReplySender replies;
  private final KitTraffic traffic;

  KitParticipantHandler(ScriptedParticipant participant, SagaStore store, ReplySender replies, KitTraffic traffic) {
    this.participant = participant;
    this.store = store;
    this.replies = replies;
    this.traffic = traffic;
  }

  @Override
  public void handle(Event<CloudEvent> event) {
    for (SagaReply reply : participant.receive(command(event.data()))) {
      replies.send(event, reply);
    }
    traffic.commandHandled(participant.commandType());
  }

  private OutboxMessage command(CloudEvent ce) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : HEADERS) {
      Object value = ce.getExtension(name);
      if (value != null) {
        headers.put(name, value.toString());
      }
    }
    UUID id = uuid(ce.getId());
    UUID sagaId = uuid(headers.get(OutboxMessage.SAGA_ID));
    String sagaType = sagaId == null ? null : store.findInstance(sagaId).map(SagaInstance::sagaType).orElse(null);
    StepPhase phase = sagaId == null || id == null ? null : store.stepLog(sagaId).stream()
        .filter(e -> id.equals(e.messageId())).map(StepLogEntry::phase).findFirst().orElse(null);
    CloudEventData data = ce.getData();
    return new OutboxMessage(id, uuid(headers.get(OutboxMessage.COMMAND_ID)), sagaId, sagaType,
        headers.get(OutboxMessage.SAGA_STEP), phase, ce.getType(), ce.getSubject(),
        data == null ? "" : new String(data.toBytes(), StandardCharsets.UTF_8), headers,
        ce.getTime() == null ? Instant.now() : ce.getTime().toInstant());
  }

  private static UUID uuid(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
