package dev.natsaga.saga;

/**
 * How a saga is started, beyond its definition and initial state: an idempotency key, work in the start transaction,
 * and who started it. Immutable; every setting is optional.
 *
 * <pre>{@code
 * UUID id = engine.start(booking, state, SagaStart.builder()
 *     .callerKey("booking-" + bookingId)                        // a second start with this key returns the first id
 *     .beforeSteps((connection, sagaId) -> bookings.insert(connection, bookingId, sagaId))
 *     .actor(SagaActor.of(SagaActor.USER, "alice"))             // authtype/authid of every command and outcome
 *     .build());
 * }</pre>
 *
 * @param callerKey   idempotency key, unique per saga type, 1..200 characters; null for none
 * @param beforeSteps work run in the start transaction before the first step (see {@link StartWork})
 * @param actor       who started the saga; null = the actor of the event being handled on this thread
 *                    ({@link SagaActor#ofCurrentEvent()}), or none outside a handler
 */
public record SagaStart(String callerKey, StartWork beforeSteps, SagaActor actor) {

  private static final StartWork NOTHING = (connection, sagaId) -> { };

  public SagaStart {
    beforeSteps = beforeSteps == null ? NOTHING : beforeSteps;
  }

  /** @return no key, no work, the actor of the event being handled */
  public static SagaStart defaults() {
    return new SagaStart(null, NOTHING, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** @return {@link #actor()}, else the actor of the event being handled on this thread, else null */
  public SagaActor actorOrCurrent() {
    return actor != null ? actor : SagaActor.ofCurrentEvent();
  }

  /** Builds a {@link SagaStart}. */
  public static final class Builder {
    private String callerKey;
    private StartWork beforeSteps = NOTHING;
    private SagaActor actor;

    private Builder() {
    }

    /** Idempotency key, unique per saga type (default none). */
    public Builder callerKey(String value) { this.callerKey = value; return this; }

    /** Work in the start transaction, after the instance is inserted and before the first step (default none). */
    public Builder beforeSteps(StartWork value) { this.beforeSteps = value; return this; }

    /** Who started the saga (default: the actor of the event being handled, if any). */
    public Builder actor(SagaActor value) { this.actor = value; return this; }

    public SagaStart build() {
      return new SagaStart(callerKey, beforeSteps, actor);
    }
  }
}
