package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.internal.dsl.StepDefinition;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.store.AttemptResult;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaTransaction;
import dev.natsaga.saga.store.StepLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * The mutable working copy of one saga instance inside one transaction; {@link #save()} writes it back
 * with an optimistic update. Its log lines ({@link #info}, {@link #warn}, {@link #debug}) are held in the
 * transaction's {@link PendingLog} and appear only if the transaction commits.
 */
final class SagaRun<S> {

  private final SagaTransaction tx;
  private final PendingLog lines;
  private final DefinedSaga<S> saga;
  private final SagaInstance original;
  private final Instant now;
  private final SagaJson json;
  private final SagaTracing tracing;
  private SagaStatus status;
  private SagaDirection direction;
  private int stepIndex;
  private int attempt;
  private UUID commandId;
  private String stateJson;
  private Instant deadline;
  private DeadlineKind deadlineKind;
  private String failureReason;
  private final Instant sagaDeadline;

  SagaRun(SagaTransaction tx, PendingLog lines, DefinedSaga<S> saga, SagaInstance instance, Instant now, SagaJson json, SagaTracing tracing) {
    this.tx = tx;
    this.lines = lines;
    this.saga = saga;
    this.original = instance;
    this.now = now;
    this.json = json;
    this.tracing = tracing;
    this.status = instance.status();
    this.direction = instance.direction();
    this.stepIndex = instance.stepIndex();
    this.attempt = instance.stepAttempt();
    this.commandId = instance.commandId();
    this.stateJson = instance.stateJson();
    this.deadline = instance.deadline();
    this.deadlineKind = instance.deadlineKind();
    this.failureReason = instance.failureReason();
    this.sagaDeadline = instance.sagaDeadline();
  }

  SagaTransaction tx() { return tx; }

  DefinedSaga<S> saga() { return saga; }

  SagaTracing tracing() { return tracing; }

  UUID id() { return original.id(); }

  Instant now() { return now; }

  SagaStatus status() { return status; }

  int stepIndex() { return stepIndex; }

  int attempt() { return attempt; }

  UUID commandId() { return commandId; }

  DeadlineKind deadlineKind() { return deadlineKind; }

  String failureReason() { return failureReason; }

  /** @return the phase the saga is in: execute while running forward, compensate while going back */
  StepPhase phase() {
    return direction == SagaDirection.EXECUTING ? StepPhase.EXECUTE : StepPhase.COMPENSATE;
  }

  boolean hasCurrentStep() {
    return stepIndex >= 0 && stepIndex < saga.steps().size();
  }

  StepDefinition<S> step() {
    return saga.step(stepIndex);
  }

  /** @return the state decoded afresh (changes to it are not kept unless passed to {@link #state(Object)}) */
  S state() {
    return json.read(stateJson, saga.stateType(), "state of saga " + id());
  }

  /** @return the top-level fields that changed, as a JSON object for the step log, or null when none did */
  String state(S next) {
    String before = stateJson;
    stateJson = json.write(next, "state of saga " + id());
    return json.changedFields(before, stateJson);
  }

  /** @return true while the saga executes and its overall deadline ({@code .deadline(Duration)}) has passed */
  boolean sagaDeadlinePassed() {
    return direction == SagaDirection.EXECUTING && sagaDeadline != null && !now.isBefore(sagaDeadline);
  }

  /** Moves to another step: first attempt, no command, no deadline. */
  void moveTo(int index) {
    stepIndex = index;
    attempt = 1;
    commandId = null;
    clearDeadline();
  }

  void attempt(int next) { attempt = next; }

  void commandId(UUID id) { commandId = id; }

  void deadlineIn(Duration delay, DeadlineKind kind) {
    deadline = now.plus(delay);
    deadlineKind = kind;
  }

  void dueNow() {
    deadline = now;
    deadlineKind = deadlineKind == null ? DeadlineKind.RETRY : deadlineKind;
  }

  void clearDeadline() {
    deadline = null;
    deadlineKind = null;
  }

  void status(SagaStatus next, SagaDirection nextDirection) {
    status = next;
    direction = nextDirection;
  }

  void failureReason(String reason) { failureReason = reason; }

  /** @return a new step-log row for the current step and attempt */
  StepLogEntry entry(StepPhase phase, StepOutcome outcome) {
    return StepLogEntry.of(id(), stepIndex, step().name(), phase, attempt, outcome, now);
  }

  void log(StepLogEntry entry) {
    tx.appendStepLog(entry);
  }

  /** Logs at INFO once the transaction commits (nothing if it rolls back). */
  void info(Logger logger, String format, Object... args) {
    lines.info(logger, id(), format, args);
  }

  /** Logs at WARN once the transaction commits (nothing if it rolls back). */
  void warn(Logger logger, String format, Object... args) {
    lines.warn(logger, id(), format, args);
  }

  /** Logs at DEBUG once the transaction commits (nothing if it rolls back). */
  void debug(Logger logger, String format, Object... args) {
    lines.debug(logger, id(), format, args);
  }

  /** Ends the current step phase's open attempt, or logs a finished row when none is open. */
  void finishAttempt(StepPhase phase, AttemptResult result) {
    if (tx.finishOpenAttempts(id(), stepIndex, phase, result) == 0) {
      int number = deadlineKind == DeadlineKind.RETRY ? Math.max(1, attempt - 1) : attempt;
      log(new StepLogEntry(0, id(), stepIndex, step().name(), phase, number, result.outcome(), commandId, null,
          result.replyId(), result.replyType(), result.error(), now, now, result.stateChange()));
    }
  }

  /** Writes the run back; throws {@code SagaConcurrencyException} when another transaction won. */
  void save() {
    tx.update(original.toBuilder().status(status).direction(direction).stepIndex(stepIndex)
        .stepName(hasCurrentStep() ? step().name() : null).stepAttempt(attempt).commandId(commandId)
        .stateJson(stateJson).deadline(dueAt(), deadlineKind).failureReason(failureReason).updatedAt(now).build());
  }

  /**
   * The persisted deadline: while executing, the earlier of the step's deadline and the saga's own, so the deadline
   * scan finds a saga whose overall deadline passes while a step waits; the kind stays the step's (a saga whose
   * overall deadline passed is recognised by {@link #sagaDeadlinePassed()}).
   */
  private Instant dueAt() {
    boolean executing = direction == SagaDirection.EXECUTING && status.isActive();
    if (!executing || sagaDeadline == null || deadline == null) {
      return deadline;
    }
    return sagaDeadline.isBefore(deadline) ? sagaDeadline : deadline;
  }

  @Override
  public String toString() {
    return "saga " + id() + " (" + saga.name() + " v" + saga.version() + ")";
  }
}
