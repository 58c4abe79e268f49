package dev.natsaga.saga;

import java.time.Duration;

/**
 * The stages of the saga DSL started by {@link Saga#define(String, Class)}. Each stage returns only
 * the calls that are legal next, so the definition reads like the business process.
 */
public final class SagaBuilder {

  private SagaBuilder() {
  }

  /** The first stage: an optional version, then the first step. */
  public interface Start<S> extends Steps<S> {
    /** @param version the definition version (&ge; 1, default 1); in-flight sagas finish on the version they started with. */
    Start<S> version(int version);

    /**
     * The saga must complete within {@code deadline} of its start. When it passes while the saga still executes, the
     * saga compensates with the reason {@code deadline}, starting with the step it waits for (its outcome is unknown).
     * Persisted with the instance, so it fires after a restart too. Default: none.
     *
     * <pre>{@code
     * Saga.define("order.place", OrderState.class).deadline(Duration.ofHours(1)).step("reserve")...
     * }</pre>
     */
    Start<S> deadline(Duration deadline);
  }

  /** A stage that can add a step. */
  public interface Steps<S> {
    /** @param name the step name, unique within the saga; it appears in the step log and in {@code sagastep}. */
    StepKind<S> step(String name);

    /**
     * A parallel group (fork/join): the commands of its branches are sent together in one transaction, and the saga
     * moves on once every branch's success reply has arrived (in any order). Each branch has its own replies, timeout,
     * retries and compensation. When a branch fails (failure reply, or no reply after its last attempt), the group
     * waits for the branches still in flight to settle, then compensates the branches that completed or timed out,
     * then the steps before the group, in reverse order. At least two branches; every branch sends a command.
     *
     * <pre>{@code
     * .parallel("book-travel")
     *     .branch("book-flight").send(s -> Command.of("travel.flight.book.v1", ...))
     *         .onReply("travel.flight.booked.v1", FlightBooked.class, TripState::withFlight)
     *         .failOn("travel.flight.rejected.v1").timeout(Duration.ofSeconds(20))
     *         .compensateWith(s -> Command.of("travel.flight.cancel.v1", ...))
     *     .branch("book-hotel").send(s -> Command.of("travel.hotel.book.v1", ...))
     *         .onReply("travel.hotel.booked.v1", HotelBooked.class, TripState::withHotel)
     *         .compensateWith(s -> Command.of("travel.hotel.cancel.v1", ...))
     *     .join()
     * .step("confirm-trip")...
     * }</pre>
     *
     * @param group the group's name (unique among step and group names; drawn in diagrams)
     */
    Branches<S> parallel(String group);
  }

  /** Inside a parallel group: add a branch, or close the group. */
  public interface Branches<S> {
    /** @param name the branch's step name, unique within the saga */
    BranchKind<S> branch(String name);

    /** Closes the group; the next step runs once every branch succeeded. */
    Next<S> join();
  }

  /** A branch sends a command (a local action would run in the saga's one transaction: nothing to run in parallel). */
  public interface BranchKind<S> {
    /** Sends the branch's command; declare its replies with {@code onReply}. */
    BranchReply<S> send(CommandFactory<S> command);
  }

  /** A branch right after {@code send}: it needs at least one success reply type. */
  public interface BranchReply<S> {
    /** A success reply whose payload is bound to {@code replyClass} and folded into the state. */
    <R> BranchStep<S> onReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper);

    /** A success reply that leaves the state unchanged. */
    BranchStep<S> onReply(String replyType);
  }

  /** A branch with its reply declared: failures, timeout, retry, compensation, then the next branch or the join. */
  public interface BranchStep<S> extends BranchReply<S>, Branches<S> {
    /** Reply types that fail the branch (and so the group). */
    BranchStep<S> failOn(String... replyTypes);

    /** How long to wait for this branch's reply per attempt (default 30 s). */
    BranchStep<S> timeout(Duration timeout);

    /** Attempts after a timeout (default {@link Retry#none()}); the command id stays the same across them. */
    BranchStep<S> retry(Retry retry);

    /** Undo the branch by sending a command (see {@link Compensable#compensateWith}). */
    BranchCompensation<S> compensateWith(CommandFactory<S> undo);
  }

  /** A branch's compensating command. */
  public interface BranchCompensation<S> extends Branches<S> {
    /** Only these reply types confirm the compensation. */
    BranchCompensation<S> confirmedBy(String... replyTypes);

    /** Reply types that fail the compensation attempt (it is retried). */
    BranchCompensation<S> compensationFailsOn(String... replyTypes);

    /** How long to wait for the compensation's reply (default: the branch's timeout). */
    BranchCompensation<S> compensationTimeout(Duration timeout);

    /** Retry policy of the compensation (default {@link Retry#DEFAULT_COMPENSATION}). */
    BranchCompensation<S> compensationRetry(Retry retry);

    /** A confirming reply whose payload is folded into the state (see {@link RemoteCompensation#onCompensationReply}). */
    <R> BranchCompensation<S> onCompensationReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper);
  }

  /** Choose what the step does: a local action in the saga's transaction, or a command to a participant. */
  public interface StepKind<S> {
    /** A local step that returns the new state. */
    LocalStep<S> local(LocalAction<S> action);

    /** A local step run for its effect; the state stays as it was. */
    LocalStep<S> localRun(LocalEffect<S> effect);

    /** A remote step: sends the command, then waits for a reply declared with {@code onReply}. */
    AwaitReply<S> send(CommandFactory<S> command);
  }

  /** A finished step: add another one, say what happens when the saga ends, or build. */
  public interface Next<S> extends Steps<S>, Outcomes<S> {
  }

  /**
   * After the last step: the outcome hooks, each run inside the saga's final transaction with the typed final state
   * (see {@link OutcomeHook}), then {@code build()}. Each hook may be declared once.
   */
  public interface Outcomes<S> {
    /** Runs when the saga reaches {@code COMPLETED}. */
    Outcomes<S> onCompleted(OutcomeHook<S> hook);

    /** Runs when the saga reaches {@code COMPENSATED}: every completed step was undone. */
    Outcomes<S> onCompensated(OutcomeHook<S> hook);

    /** Runs when the saga is parked as {@code COMPENSATION_FAILED} (an operator must resume it). */
    Outcomes<S> onCompensationFailed(OutcomeHook<S> hook);

    /** @return the validated, immutable definition */
    SagaDefinition<S> build();
  }

  /** A step that may declare its compensation. */
  public interface Compensable<S> extends Next<S> {
    /**
     * Undo locally, inside the saga's transaction. The effect returns nothing: a compensation does not change the
     * saga's state (write through {@code ctx.connection()}; throw to have it retried).
     *
     * <pre>{@code
     * .step("create-order")
     *   .local(ctx -> { insertOrder(ctx.connection(), ctx.state()); return ctx.state(); })
     *   .compensate(ctx -> markCancelled(ctx.connection(), ctx.state().orderId()))
     * }</pre>
     */
    LocalCompensation<S> compensate(LocalEffect<S> undo);

    /**
     * Undo locally and record what was done in the state: the action returns the new state (null = unchanged), which
     * is kept, and the step log's compensation row shows the changed fields.
     *
     * <pre>{@code
     * .compensateAndRecord(ctx -> ctx.state().withCreditNote(issueCreditNote(ctx.connection(), ctx.state())))
     * }</pre>
     */
    LocalCompensation<S> compensateAndRecord(LocalAction<S> undo);

    /** Undo by sending a command; any reply counts as done unless restricted by {@code confirmedBy}/{@code compensationFailsOn}. */
    RemoteCompensation<S> compensateWith(CommandFactory<S> undo);
  }

  /** A local step. */
  public interface LocalStep<S> extends Compensable<S> {
  }

  /** A remote step right after {@code send}: it needs at least one success reply type. */
  public interface AwaitReply<S> {
    /** A success reply whose payload is bound to {@code replyClass} and folded into the state. */
    <R> RemoteStep<S> onReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper);

    /** A success reply that leaves the state unchanged. */
    RemoteStep<S> onReply(String replyType);
  }

  /** A remote step with its reply declared. */
  public interface RemoteStep<S> extends Compensable<S>, AwaitReply<S> {
    /** Reply types that fail the step (business failure: no retry, the saga compensates). */
    RemoteStep<S> failOn(String... replyTypes);

    /** How long to wait for a reply per attempt (default 30 s). */
    RemoteStep<S> timeout(Duration timeout);

    /** Attempts after a timeout (default {@link Retry#none()}); the command id stays the same across them. */
    RemoteStep<S> retry(Retry retry);
  }

  /** A local compensation. */
  public interface LocalCompensation<S> extends Next<S> {
    /** Retry policy of the compensation (default {@link Retry#DEFAULT_COMPENSATION}). */
    LocalCompensation<S> compensationRetry(Retry retry);
  }

  /** A compensating command. */
  public interface RemoteCompensation<S> extends Next<S> {
    /** Only these reply types confirm the compensation; any other reply fails the attempt. */
    RemoteCompensation<S> confirmedBy(String... replyTypes);

    /** Reply types that fail the compensation attempt (it is retried). */
    RemoteCompensation<S> compensationFailsOn(String... replyTypes);

    /**
     * A reply type that confirms the compensation and whose payload is folded into the state (e.g. keep the refund
     * id); the step log's compensation row shows the changed fields. Like {@code confirmedBy}, it restricts the
     * confirming types to those declared.
     *
     * <pre>{@code
     * .compensateWith(s -> Command.of("payment.card.refund.v1", new Refund(s.chargeId())))
     *     .onCompensationReply("payment.card.refunded.v1", Refunded.class, TripState::withRefund)
     * }</pre>
     */
    <R> RemoteCompensation<S> onCompensationReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper);

    /** How long to wait for the compensation's reply (default: the step's timeout). */
    RemoteCompensation<S> compensationTimeout(Duration timeout);

    /** Retry policy of the compensation (default {@link Retry#DEFAULT_COMPENSATION}). */
    RemoteCompensation<S> compensationRetry(Retry retry);
  }
}
