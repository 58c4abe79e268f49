package dev.natsaga.security;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import java.util.Objects;
import java.util.Set;

/**
 * Who caused an event: the CloudEvents {@code authcontext} extension ({@code authtype}, {@code authid}), never a
 * secret. Set it where a request enters (an HTTP handler, from the authenticated principal); every event a handler
 * publishes while handling an event inherits it ({@link EventContext#inheritedExtensions}).
 *
 * <pre>{@code
 * AuthContext.of(AuthContext.USER, principal.id()).applyTo(OutgoingEvent.event(type, data)).build();
 * AuthContext who = AuthContext.current();   // inside a handler: from the event being handled, else the system
 * }</pre>
 *
 * @param type the principal's kind: one of the CloudEvents authtype values
 * @param id the principal's id (a user id, a service account name), never a token or password
 */
public record AuthContext(String type, String id) {

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
  private static final Set<String> TYPES = Extensions.AUTH_TYPES;

  public AuthContext {
    Objects.requireNonNull(type, "type");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("authtype '" + type + "' is not one of " + TYPES + " (CloudEvents authcontext)");
    }
  }

  public static AuthContext of(String type, String id) {
    return new AuthContext(type, id);
  }

  /** The auth context of an event, or null when it carries none. */
  public static AuthContext of(Event<?> event) {
    String type = event.extension(Extensions.AUTH_TYPE);
    return type == null ? null : new AuthContext(type, event.extension(Extensions.AUTH_ID));
  }

  /** The auth context of the event handled on this thread, or {@link #SYSTEM} with {@code serviceName} as id. */
  public static AuthContext current(String serviceName) {
    Event<?> handled = EventContext.current();
    AuthContext fromEvent = handled == null ? null : of(handled);
    return fromEvent != null ? fromEvent : new AuthContext(SYSTEM, serviceName);
  }

  /** Sets {@code authtype} and {@code authid} on an outgoing event. */
  public <T> OutgoingEvent.Builder<T> applyTo(OutgoingEvent.Builder<T> event) {
    return event.extension(Extensions.AUTH_TYPE, type).extension(Extensions.AUTH_ID, id);
  }
}
