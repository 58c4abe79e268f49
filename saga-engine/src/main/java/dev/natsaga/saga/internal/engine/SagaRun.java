package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
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
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
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
  private final TreeMap<Integer, Branch> branches = new TreeMap<>();
  private Focus stash;

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
    if (instance.branchesJson() != null) {
      for (Branch b : json.read(instance.branchesJson(), Branch[].class, "branches of saga " + id())) {
        branches.put(b.index(), b);
      }
    }
  }

  /** The instance-level step fields while a branch is focused. */
  private record Focus(int stepIndex, int attempt, UUID commandId, Instant deadline, DeadlineKind deadlineKind) {
  }

  SagaTransaction tx() { return tx; }

  DefinedSaga<S> saga() { return saga; }

  SagaTracing tracing() { return tracing; }

  UUID id() { return original.id(); }

  /**
   * Sets who started the saga ({@code authtype}/{@code authid}, stored with it) on an event it emits, unless the event
   * names its own; a saga started without an actor leaves the event as it is.
   */
  <T> OutgoingEvent<T> withActor(OutgoingEvent<T> event) {
    if (original.authType() == null || event.extensions().containsKey(Extensions.AUTH_TYPE)) {
      return event;
    }
    OutgoingEvent.Builder<T> b = event.toBuilder().extension(Extensions.AUTH_TYPE, original.authType());
    return (original.authId() == null ? b : b.extension(Extensions.AUTH_ID, original.authId())).build();
  }

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

  /** @return the branch of the current parallel group at {@code index}, or null (not sent, or no group in progress) */
  Branch branch(int index) {
    return branches.get(index);
  }

  /** @return true while a parallel group's branches are tracked (from its fork until the saga leaves the group) */
  boolean inGroup() {
    return !branches.isEmpty();
  }

  /** @return the branches whose command is out or whose retry is scheduled, in step order */
  List<Branch> awaitingBranches() {
    return branches.values().stream().filter(Branch::awaiting).toList();
  }

  /**
   * Makes branch {@code index} the current step (its attempt, command id and deadline; a fresh first attempt when it
   * has none), so the single-step code (sending, finishing attempts) acts on it; {@link #unfocus} stores it back.
   */
  void focus(int index) {
    stash = new Focus(stepIndex, attempt, commandId, deadline, deadlineKind);
    Branch b = branches.get(index);
    stepIndex = index;
    attempt = b == null ? 1 : b.attempt();
    commandId = b == null ? null : b.commandId();
    deadline = b == null ? null : b.deadline();
    deadlineKind = b == null ? null : b.deadlineKind();
  }

  /** Stores the focused branch with {@code status} (a settled branch keeps no deadline) and restores the saga's step. */
  void unfocus(Branch.Status status) {
    boolean open = status == Branch.Status.AWAITING;
    branches.put(stepIndex, new Branch(stepIndex, status, attempt, commandId, open ? deadline : null,
        open ? deadlineKind : null));
    stepIndex = stash.stepIndex();
    attempt = stash.attempt();
    commandId = stash.commandId();
    deadline = stash.deadline();
    deadlineKind = stash.deadlineKind();
    stash = null;
  }

  /** Moves to another step: first attempt, no command, no deadline; leaving a parallel group forgets its branches. */
  void moveTo(int index) {
    if (!branches.isEmpty()) {
      StepDefinition<S> member = saga.step(branches.firstKey());
      if (index < member.groupStart() || index > member.groupEnd()) {
        branches.clear();
      }
    }
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
    branches.replaceAll((i, b) -> b.awaiting()
        ? new Branch(i, b.status(), b.attempt(), b.commandId(), now, b.deadlineKind()) : b);
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
    if (tx.finishOpenAttempts(id(), stepIndex, phase, result).isEmpty()) {
      int number = deadlineKind == DeadlineKind.RETRY ? Math.max(1, attempt - 1) : attempt;
      log(new StepLogEntry(0, id(), stepIndex, step().name(), phase, number, result.outcome(), commandId, null,
          result.replyId(), result.replyType(), result.error(), now, now, result.stateChange()));
    }
  }

  /** Writes the run back; throws {@code SagaConcurrencyException} when another transaction won. */
  void save() {
    tx.update(original.toBuilder().status(status).direction(direction).stepIndex(stepIndex)
        .stepName(hasCurrentStep() ? step().name() : null).stepAttempt(attempt).commandId(commandId)
        .stateJson(stateJson).deadline(dueAt(), dueKind()).failureReason(failureReason).updatedAt(now)
        .branchesJson(branches.isEmpty() ? null : json.write(branches.values(), "branches of saga " + id())).build());
  }

  /** @return the branch that comes due first, or null when no branch awaits anything */
  private Branch firstDueBranch() {
    return awaitingBranches().stream().min(Comparator.comparing(Branch::deadline)).orElse(null);
  }

  private DeadlineKind dueKind() {
    Branch first = firstDueBranch();
    return first == null ? deadlineKind : first.deadlineKind();
  }

  /**
   * The persisted deadline: while executing, the earlier of the step's deadline and the saga's own, so the deadline
   * scan finds a saga whose overall deadline passes while a step waits; the kind stays the step's (a saga whose
   * overall deadline passed is recognised by {@link #sagaDeadlinePassed()}).
   */
  private Instant dueAt() {
    Branch first = firstDueBranch();
    Instant stepDue = first == null ? deadline : first.deadline();
    boolean executing = direction == SagaDirection.EXECUTING && status.isActive();
    if (!executing || sagaDeadline == null || stepDue == null) {
      return stepDue;
    }
    return sagaDeadline.isBefore(stepDue) ? sagaDeadline : stepDue;
  }

  @Override
  public String toString() {
    return "saga " + id() + " (" + saga.name() + " v" + saga.version() + ")";
  }
}
