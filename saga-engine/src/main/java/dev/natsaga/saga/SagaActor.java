package dev.natsaga.saga;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import java.util.Objects;

/**
 * Who started a saga: the CloudEvents {@code authcontext} extension ({@code authtype}, {@code authid}), never a
 * secret. The engine stores it with the saga and sets it on every command, compensation, retry and outcome event the
 * saga emits, also after a restart, so a participant (and an auditor) sees who caused the work. The same vocabulary
 * as {@code dev.natsaga.security.AuthContext} (the saga engine does not depend on the security module; convert with
 * {@code SagaActor.of(auth.type(), auth.id())}).
 *
 * <pre>{@code
 * engine.start(booking, state, SagaStart.builder().actor(SagaActor.of(SagaActor.USER, "alice")).build());
 * SagaActor who = SagaActor.ofCurrentEvent();   // inside a handler: from the event being handled, else null
 * }</pre>
 *
 * @param type the principal's kind: one of {@link Extensions#AUTH_TYPES}
 * @param id   the principal's id (a user id, a service account name), printable, at most {@value #MAX_ID} characters;
 *             null when the kind has none (e.g. {@code unauthenticated})
 */
public record SagaActor(String type, String id) {

  /** A human user. */
  public static final String USER = Extensions.AUTH_USER;
  /** A service account. */
  public static final String SERVICE_ACCOUNT = Extensions.AUTH_SERVICE_ACCOUNT;
  /** A user of an application acting on their behalf. */
  public static final String APP_USER = Extensions.AUTH_APP_USER;
  /** Nobody authenticated. */
  public static final String UNAUTHENTICATED = Extensions.AUTH_UNAUTHENTICATED;
  /** The system itself (a timer, a relay). */
  public static final String SYSTEM = Extensions.AUTH_SYSTEM;
  /** The longest {@link #id()} a saga keeps (the {@code auth_id} column). */
  public static final int MAX_ID = 200;

  public SagaActor {
    Objects.requireNonNull(type, "authtype of the saga's actor");
    if (!Extensions.AUTH_TYPES.contains(type)) {
      throw new IllegalArgumentException("authtype '" + type + "' of the saga's actor is not one of "
          + Extensions.AUTH_TYPES + " (CloudEvents authcontext)");
    }
    if (id != null && !printable(id)) {
      throw new IllegalArgumentException("authid of the saga's actor must be 1.." + MAX_ID
          + " printable characters (no control characters), got " + id.length() + " characters");
    }
  }

  private static boolean printable(String id) {
    return !id.isEmpty() && id.length() <= MAX_ID && id.codePoints().noneMatch(Character::isISOControl);
  }

  public static SagaActor of(String type, String id) {
    return new SagaActor(type, id);
  }

  /** Nobody authenticated: {@code authtype=unauthenticated}, no id. */
  public static SagaActor unauthenticated() {
    return new SagaActor(UNAUTHENTICATED, null);
  }

  /** The actor an event carries, or null when it carries no {@code authtype}. */
  public static SagaActor of(Event<?> event) {
    String type = event.extension(Extensions.AUTH_TYPE);
    return type == null ? null : new SagaActor(type, event.extension(Extensions.AUTH_ID));
  }

  /** The actor of the event being handled on this thread, or null outside a handler or when it carries none. */
  public static SagaActor ofCurrentEvent() {
    Event<?> handled = EventContext.current();
    return handled == null ? null : of(handled);
  }

  /** Sets {@code authtype} (and {@code authid} when there is one) on an outgoing event. */
  public <T> OutgoingEvent.Builder<T> applyTo(OutgoingEvent.Builder<T> event) {
    event.extension(Extensions.AUTH_TYPE, type);
    return id == null ? event : event.extension(Extensions.AUTH_ID, id);
  }
}
