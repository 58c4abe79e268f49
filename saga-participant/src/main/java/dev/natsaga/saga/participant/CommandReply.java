package dev.natsaga.saga.participant;

import dev.natsaga.framework.EventType;
import java.util.Objects;

/**
 * A participant's answer to a saga command: an event type (past tense, e.g. {@code payment.transaction.authorized.v1})
 * and a payload serialized as JSON. Made by {@link SagaCommand#succeed} and {@link SagaCommand#fail}; the outcome is
 * recorded with the command, the saga decides by the type (its {@code onReply} and {@code failOn} declarations).
 */
public final class CommandReply {

  /** Whether the participant did what the command asked. */
  public enum Outcome { SUCCESS, FAILURE }

  private final String type;
  private final Object payload;
  private final Outcome outcome;

  CommandReply(String type, Object payload, Outcome outcome) {
    this.type = EventType.event(type).name();
    this.payload = Objects.requireNonNull(payload, () -> "payload of reply " + type + " must not be null (use Map.of() for none)");
    this.outcome = outcome;
  }

  public String type() { return type; }

  public Object payload() { return payload; }

  public Outcome outcome() { return outcome; }

  @Override
  public String toString() {
    return "CommandReply[" + outcome + " " + type + "]";
  }
}
