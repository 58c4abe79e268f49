package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.store.SagaStore;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scripted participants of a {@link NatsSagaTestKit}: one framework handler per command type (a durable consumer of
 * service {@value NatsSagaTestKit#PARTICIPANT_SERVICE} on {@code {env}.{commandType}}), one command at a time, answering
 * through its own runtime.
 */
final class KitParticipants {

  /** Publishes a scripted reply through the participant's runtime. */
  interface Replies {
    void send(Natsaga participant, Event<CloudEvent> command, SagaReply reply);
  }

  private final Map<String, ScriptedParticipant> byType = new ConcurrentHashMap<>();
  private final KitRuntimes runtimes;
  private final SagaStore store;
  private final SagaJson json;
  private final KitTraffic traffic;
  private final Replies replies;

  KitParticipants(KitRuntimes runtimes, SagaStore store, SagaJson json, KitTraffic traffic, Replies replies) {
    this.runtimes = runtimes;
    this.store = store;
    this.json = json;
    this.traffic = traffic;
    this.replies = replies;
  }

  /** The participant of {@code commandType}, or null. */
  ScriptedParticipant get(String commandType) {
    return byType.get(commandType);
  }

  /** The participant of {@code commandType}, its consumer started on the first call; callers serialize calls. */
  ScriptedParticipant getOrStart(String commandType) {
    ScriptedParticipant participant = byType.get(commandType);
    if (participant == null) {
      participant = new ScriptedParticipant(commandType, json);
      AtomicReference<Natsaga> self = new AtomicReference<>();
      HandlerRegistration<CloudEvent> handler = HandlerRegistration.onCommand(commandType, CloudEvent.class,
              new KitParticipantHandler(participant, store, (command, reply) -> replies.send(self.get(), command, reply), traffic))
          .options(o -> o.withConcurrency(1))
          .build();
      Natsaga runtime = runtimes.build(NatsSagaTestKit.PARTICIPANT_SERVICE, List.of(handler));
      self.set(runtime);
      runtimes.keep(runtimes.start(runtime, NatsSagaTestKit.PARTICIPANT_SERVICE));
      byType.put(commandType, participant);
    }
    return participant;
  }

  /** The command types with a participant. */
  Set<String> types() {
    return byType.keySet();
  }
}
