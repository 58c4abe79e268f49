package dev.natsaga.saga;

import dev.natsaga.framework.MessageKind;
import dev.natsaga.saga.internal.dsl.MessageTypes;
import java.util.Objects;

/**
 * A command a saga step sends to a participant: a type of the form {@code {domain}.{entity}.{action}.v{N}}
 * (imperative action, e.g. {@code payment.transaction.authorize.v1}), a payload serialized as JSON, and
 * an optional subject (the CloudEvents {@code subject}: the id of the resource the command is about).
 *
 * <pre>{@code
 * Command.of("payment.transaction.authorize.v1", new Authorize(amount, currency)).withSubject(bookingId)
 * }</pre>
 *
 * @param type    the command type; validated for shape and kind (its action is imperative)
 * @param payload the payload; any Jackson-serializable object (not null)
 * @param subject the resource id, or null
 */
public record Command(String type, Object payload, String subject) {

  public Command {
    MessageTypes.requireValid(type, "command type", MessageKind.COMMAND);
    Objects.requireNonNull(payload, () -> "payload of command " + type + " must not be null (use an empty record or Map.of())");
  }

  /** @return a command without subject. */
  public static Command of(String type, Object payload) {
    return new Command(type, payload, null);
  }

  /** @return a copy carrying the given CloudEvents subject. */
  public Command withSubject(String newSubject) {
    return new Command(type, payload, newSubject);
  }
}
