package dev.natsaga.saga.store;

import java.time.Instant;

/**
 * A step attempt that {@link SagaTransaction#finishOpenAttempts} ended: its step and when it started, so the step's
 * duration is known without reading the step log back.
 */
public record EndedAttempt(String stepName, Instant startedAt) { }
