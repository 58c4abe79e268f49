package dev.natsaga.saga;

import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A saga as {@link SagaQueries} returns it: the public read model, independent of how the store keeps its rows.
 * {@link SagaQueries#find} fills {@link #steps()}; listings leave it empty.
 *
 * @param id                the saga id (its correlation id too)
 * @param sagaType          the saga type, e.g. {@code booking.create}
 * @param definitionVersion the definition version it runs on
 * @param status            where it stands
 * @param direction         executing or compensating
 * @param stepName          the current step, null once it ended
 * @param stepAttempt       the attempt of the current step phase
 * @param stateJson         the state as JSON ({@link SagaQueries#findState} decodes it)
 * @param failureReason     why it failed (the failing step and its error), null unless it did
 * @param deadline          when it next comes due (reply timeout or retry), null when it waits for nothing
 * @param callerKey         the idempotency key it was started with, or null
 * @param createdAt         when it started
 * @param updatedAt         when it last changed
 * @param steps             the step log, oldest first (empty in listings)
 * @param startedBy         who started it (CloudEvents {@code authtype}/{@code authid}, set on all its commands and
 *                          outcome events), null when nobody was named
 * @param traceparent       the W3C trace context of its start (its trace id names the saga's trace), null when
 *                          tracing was off
 */
public record SagaView(UUID id, String sagaType, int definitionVersion, SagaStatus status, SagaDirection direction,
                       String stepName, int stepAttempt, String stateJson, String failureReason, Instant deadline,
                       String callerKey, Instant createdAt, Instant updatedAt, List<SagaStep> steps,
                       SagaActor startedBy, String traceparent) {

  public SagaView {
    steps = List.copyOf(steps);
  }

  /** A view without start context (no actor, no trace). */
  public SagaView(UUID id, String sagaType, int definitionVersion, SagaStatus status, SagaDirection direction,
                  String stepName, int stepAttempt, String stateJson, String failureReason, Instant deadline,
                  String callerKey, Instant createdAt, Instant updatedAt, List<SagaStep> steps) {
    this(id, sagaType, definitionVersion, status, direction, stepName, stepAttempt, stateJson, failureReason, deadline,
        callerKey, createdAt, updatedAt, steps, null, null);
  }

  /** @return the trace id of the saga's trace (from {@link #traceparent()}), or null */
  public String traceId() {
    return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
  }

  /** @return the read model of a stored instance and its step log */
  public static SagaView of(SagaInstance i, List<StepLogEntry> log) {
    return new SagaView(i.id(), i.sagaType(), i.definitionVersion(), i.status(), i.direction(), i.stepName(),
        i.stepAttempt(), i.stateJson(), i.failureReason(), i.deadline(), i.callerKey(), i.createdAt(), i.updatedAt(),
        log.stream().map(SagaStep::of).toList(), actor(i), i.traceparent());
  }

  /** The stored actor; null when none, or when a row written by other means holds values outside the vocabulary. */
  private static SagaActor actor(SagaInstance i) {
    if (i.authType() == null) {
      return null;
    }
    try {
      return new SagaActor(i.authType(), i.authId());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
