package dev.natsaga.saga.store;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code saga_instance}: where a saga stands. Immutable; change it with {@link #toBuilder()}.
 *
 * @param id                the saga id
 * @param sagaType          the definition name
 * @param definitionVersion the definition version the saga started with
 * @param status            the status
 * @param direction         forward or compensating
 * @param stepIndex         the current step (the one executing, awaited or being compensated); -1 once all compensated,
 *                          the step count once completed
 * @param stepName          the current step's name, null when {@code stepIndex} is out of range
 * @param stepAttempt       the attempt number of the current step phase (1-based)
 * @param commandId         the command id awaited for the current step phase, null when none
 * @param stateJson         the state as JSON
 * @param lockVersion       optimistic-lock version, incremented by every update
 * @param deadline          when the engine must act next (reply timeout or scheduled retry), null when nothing is due
 * @param deadlineKind      what happens at the deadline
 * @param callerKey         the idempotency key given at start, unique per saga type; may be null
 * @param failureReason     why the saga started compensating (or why compensation failed); null while all is well
 * @param createdAt         creation time
 * @param updatedAt         last update time
 * @param sagaDeadline      when the whole saga must have completed (its definition's {@code deadline}), or null
 * @param branchesJson      inside a parallel group, each branch's progress as JSON (the engine's format); else null
 * @param authType          who started the saga: the CloudEvents {@code authtype}, or null when nobody was named
 * @param authId            who started the saga: the CloudEvents {@code authid}, or null
 * @param traceparent       the W3C trace context of the saga's start span, continued by work without an incoming
 *                          message (deadlines, retries, operator actions); null when tracing was off
 * @param tracestate        the W3C {@code tracestate} that went with it, or null
 */
public record SagaInstance(UUID id, String sagaType, int definitionVersion, SagaStatus status, SagaDirection direction,
             int stepIndex, String stepName, int stepAttempt, UUID commandId, String stateJson,
             long lockVersion, Instant deadline, DeadlineKind deadlineKind, String callerKey,
             String failureReason, Instant createdAt, Instant updatedAt, Instant sagaDeadline,
             String branchesJson, String authType, String authId, String traceparent, String tracestate) {

  /** An instance without start context (no actor, no trace): the shape before schema version 5. */
  public SagaInstance(UUID id, String sagaType, int definitionVersion, SagaStatus status, SagaDirection direction,
                      int stepIndex, String stepName, int stepAttempt, UUID commandId, String stateJson,
                      long lockVersion, Instant deadline, DeadlineKind deadlineKind, String callerKey,
                      String failureReason, Instant createdAt, Instant updatedAt, Instant sagaDeadline,
                      String branchesJson) {
    this(id, sagaType, definitionVersion, status, direction, stepIndex, stepName, stepAttempt, commandId, stateJson,
        lockVersion, deadline, deadlineKind, callerKey, failureReason, createdAt, updatedAt, sagaDeadline, branchesJson,
        null, null, null, null);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return a builder for a new instance (all fields must be set) */
  public static Builder builder() {
    return new Builder(null);
  }

  /** A mutable copy of an instance. */
  public static final class Builder {
    private UUID id;
    private String sagaType;
    private int definitionVersion;
    private SagaStatus status;
    private SagaDirection direction;
    private int stepIndex;
    private String stepName;
    private int stepAttempt;
    private UUID commandId;
    private String stateJson;
    private long lockVersion;
    private Instant deadline;
    private DeadlineKind deadlineKind;
    private String callerKey;
    private String failureReason;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant sagaDeadline;
    private String branchesJson;
    private String authType;
    private String authId;
    private String traceparent;
    private String tracestate;

    private Builder(SagaInstance i) {
      if (i != null) {
        copy(i);
      }
    }

    private void copy(SagaInstance i) {
      id = i.id;
      sagaType = i.sagaType;
      definitionVersion = i.definitionVersion;
      status = i.status;
      direction = i.direction;
      stepIndex = i.stepIndex;
      stepName = i.stepName;
      stepAttempt = i.stepAttempt;
      commandId = i.commandId;
      stateJson = i.stateJson;
      lockVersion = i.lockVersion;
      deadline = i.deadline;
      deadlineKind = i.deadlineKind;
      callerKey = i.callerKey;
      failureReason = i.failureReason;
      createdAt = i.createdAt;
      updatedAt = i.updatedAt;
      sagaDeadline = i.sagaDeadline;
      branchesJson = i.branchesJson;
      authType = i.authType;
      authId = i.authId;
      traceparent = i.traceparent;
      tracestate = i.tracestate;
    }

    public Builder id(UUID v) { id = v; return this; }
    public Builder sagaType(String v) { sagaType = v; return this; }
    public Builder definitionVersion(int v) { definitionVersion = v; return this; }
    public Builder status(SagaStatus v) { status = v; return this; }
    public Builder direction(SagaDirection v) { direction = v; return this; }
    public Builder stepIndex(int v) { stepIndex = v; return this; }
    public Builder stepName(String v) { stepName = v; return this; }
    public Builder stepAttempt(int v) { stepAttempt = v; return this; }
    public Builder commandId(UUID v) { commandId = v; return this; }
    public Builder stateJson(String v) { stateJson = v; return this; }
    public Builder lockVersion(long v) { lockVersion = v; return this; }
    public Builder callerKey(String v) { callerKey = v; return this; }
    public Builder failureReason(String v) { failureReason = v; return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }
    public Builder sagaDeadline(Instant v) { sagaDeadline = v; return this; }
    public Builder branchesJson(String v) { branchesJson = v; return this; }
    /** Who started the saga (the CloudEvents authtype and authid; both null for nobody named). */
    public Builder auth(String type, String id) { authType = type; authId = id; return this; }
    /** The W3C trace context of the saga's start (null, null without one). */
    public Builder trace(String parent, String state) { traceparent = parent; tracestate = state; return this; }

    /** Sets or clears (null, null) the deadline. */
    public Builder deadline(Instant at, DeadlineKind kind) {
      deadline = at;
      deadlineKind = kind;
      return this;
    }

    public SagaInstance build() {
      return new SagaInstance(id, sagaType, definitionVersion, status, direction, stepIndex, stepName, stepAttempt,
          commandId, stateJson, lockVersion, deadline, deadlineKind, callerKey, failureReason, createdAt, updatedAt,
          sagaDeadline, branchesJson, authType, authId, traceparent, tracestate);
    }
  }
}
