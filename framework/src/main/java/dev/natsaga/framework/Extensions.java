package dev.natsaga.framework;

import java.util.Set;

/**
 * The CloudEvents extension attributes natsaga uses (lower case, as CloudEvents requires).
 *
 * <p>{@link #CORRELATION_ID} ties together every event of one business process; {@link #CAUSATION_ID}
 * is the id of the event that caused this one; {@link #TRACEPARENT}/{@link #TRACESTATE} carry W3C
 * trace context; {@link #AUTH_TYPE}/{@link #AUTH_ID} say who caused it (the CloudEvents authcontext extension);
 * {@link #SAGA_ID}, {@link #SAGA_STEP} and {@link #COMMAND_ID} correlate saga commands and replies.
 * This class is the one owner of these names: the saga engine, participants and the test kit use it.
 */
public final class Extensions {

  public static final String CORRELATION_ID = "correlationid";
  public static final String CAUSATION_ID = "causationid";
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String SAGA_ID = "sagaid";
  public static final String SAGA_STEP = "sagastep";
  /** The saga command id: stays the same across timeout retries of one step; participants de-duplicate on it. */
  public static final String COMMAND_ID = "commandid";
  /**
   * The CloudEvents {@code authcontext} extension: the kind of principal that caused the event ({@code user},
   * {@code service_account}, {@code app_user}, {@code unauthenticated}, {@code system}); never a secret.
   */
  public static final String AUTH_TYPE = "authtype";
  /** The CloudEvents {@code authcontext} extension: the id of the principal that caused the event (never a secret). */
  public static final String AUTH_ID = "authid";
  /** {@link #AUTH_TYPE} of a human user. */
  public static final String AUTH_USER = "user";
  /** {@link #AUTH_TYPE} of a service account. */
  public static final String AUTH_SERVICE_ACCOUNT = "service_account";
  /** {@link #AUTH_TYPE} of a user of an application acting on their behalf. */
  public static final String AUTH_APP_USER = "app_user";
  /** {@link #AUTH_TYPE} when nobody authenticated. */
  public static final String AUTH_UNAUTHENTICATED = "unauthenticated";
  /** {@link #AUTH_TYPE} of the system itself (a timer, a relay). */
  public static final String AUTH_SYSTEM = "system";
  /** The {@link #AUTH_TYPE} values the CloudEvents authcontext extension defines. */
  public static final Set<String> AUTH_TYPES =
      Set.of(AUTH_USER, AUTH_SERVICE_ACCOUNT, AUTH_APP_USER, AUTH_UNAUTHENTICATED, AUTH_SYSTEM);

  private Extensions() {
  }
}
