package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.store.SagaStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.nio.charset.StandardCharsets;

/**
 * The framework handler behind one {@link ScriptedParticipant} of a {@link NatsSagaTestKit}: turns the received
 * command event back into the {@link KitCommand} the reactions see (id, type, subject, payload and saga headers
 * from the wire; the saga type and phase looked up in the kit's store), runs the script and publishes its replies.
 */
final class KitParticipantHandler implements EventHandler<CloudEvent> {

  /** Publishes one reply to the command it answers. */
  interface ReplySender {
    void send(Event<CloudEvent> command, SagaReply reply);
  }

  private final ScriptedParticipant participant;
  private final KitCommands commands;
  private final ReplySender replies;
  private final KitTraffic traffic;

  KitParticipantHandler(ScriptedParticipant participant, SagaStore store, ReplySender replies, KitTraffic traffic) {
    this.participant = participant;
    this.commands = new KitCommands(store);
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

  private KitCommand command(CloudEvent ce) {
    CloudEventData data = ce.getData();
    return commands.of(ce.getId(), ce.getType(), ce.getSubject(),
        data == null ? null : new String(data.toBytes(), StandardCharsets.UTF_8),
        name -> ce.getExtension(name) == null ? null : ce.getExtension(name).toString(),
        ce.getTime() == null ? null : ce.getTime().toInstant());
  }
}
