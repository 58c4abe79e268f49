package dev.natsaga.saga.testkit;

import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.SagaReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The scripted behaviour of a participant for one command type: each command received consumes the next
 * reaction; the last reaction repeats. Without a script, commands get no reply (as if lost).
 * With {@link NatsSagaTestKit} the commands arrive over NATS (a framework handler per command type, one delivery at
 * a time) and the replies go back over NATS with the {@code sagaid}, {@code sagastep} and {@code commandid} of the
 * {@link SagaReply}s the reactions return.
 *
 * <pre>{@code
 * kit.on("payment.transaction.void.v1")
 *    .noReply()                                              // first attempt: lost
 *    .reply("payment.transaction.void-failed.v1")            // second: failure
 *    .reply("payment.transaction.voided.v1");                // then (and from then on): success
 * }</pre>
 */
public final class ScriptedParticipant {

  /** One reaction to a command: the replies it produces (possibly none). */
  @FunctionalInterface
  public interface Reaction extends Function<KitCommand, List<SagaReply>> {
  }

  private final String commandType;
  private final SagaJson json;
  private final List<Reaction> script = new ArrayList<>();
  private final List<KitCommand> received = new ArrayList<>();
  private int next;

  ScriptedParticipant(String commandType, SagaJson json) {
    this.commandType = commandType;
    this.json = json;
  }

  /** Replies with {@code replyType} and an empty JSON object. */
  public ScriptedParticipant reply(String replyType) {
    return reply(replyType, Map.of());
  }

  /** Replies with {@code replyType} and {@code payload} as JSON. */
  public ScriptedParticipant reply(String replyType, Object payload) {
    return replyWith(replyType, command -> payload);
  }

  /** Replies with {@code replyType} and a payload computed from the command. */
  public ScriptedParticipant replyWith(String replyType, Function<KitCommand, Object> payload) {
    return react(command -> List.of(replyTo(command, replyType, payload.apply(command), UUID.randomUUID().toString())));
  }

  /**
   * A failure reply with an empty JSON object: the same on the wire as {@link #reply(String)}; the saga's
   * {@code failOn} (or, for a compensation, {@code compensationFailsOn}/{@code confirmedBy}) decides that it fails.
   */
  public ScriptedParticipant fail(String failureType) {
    return reply(failureType);
  }

  /** A failure reply with {@code payload} as JSON (it ends up in the step's error); see {@link #fail(String)}. */
  public ScriptedParticipant fail(String failureType, Object payload) {
    return reply(failureType, payload);
  }

  /**
   * Sends the same reply (same reply id) twice: the second must be recorded as a duplicate. Over NATS
   * ({@link NatsSagaTestKit}) the second copy gets a new event id, as a real participant's re-sent reply does (the
   * stream's duplicate window would drop a second message with the same {@code Nats-Msg-Id}); the engine records it
   * as a duplicate by its step phase and command id.
   */
  public ScriptedParticipant replyTwice(String replyType, Object payload) {
    return react(command -> {
      SagaReply reply = replyTo(command, replyType, payload, UUID.randomUUID().toString());
      return List.of(reply, reply);
    });
  }

  /** Does not answer (a lost command or a lost reply). */
  public ScriptedParticipant noReply() {
    return react(command -> List.of());
  }

  /** Adds a custom reaction. */
  public ScriptedParticipant react(Reaction reaction) {
    synchronized (this) {
      script.add(reaction);
    }
    return this;
  }

  /** Forgets the script (not the received commands), e.g. to replace a default behaviour in one test. */
  public synchronized ScriptedParticipant reset() {
    script.clear();
    next = 0;
    return this;
  }

  /** @return every command this participant received, oldest first */
  public synchronized List<KitCommand> received() {
    return List.copyOf(received);
  }

  public String commandType() {
    return commandType;
  }

  synchronized List<SagaReply> receive(KitCommand command) {
    received.add(command);
    if (script.isEmpty()) {
      return List.of();
    }
    Reaction reaction = script.get(Math.min(next, script.size() - 1));
    next++;
    return reaction.apply(command);
  }

  /** @return a reply correlated with {@code command} as a real participant would send it */
  public SagaReply replyTo(KitCommand command, String replyType, Object payload, String replyId) {
    return SagaReply.builder().sagaId(command.sagaId()).step(command.stepName()).commandId(command.commandId())
        .type(replyType).id(replyId).payload(json.write(payload, "reply payload")).build();
  }
}
