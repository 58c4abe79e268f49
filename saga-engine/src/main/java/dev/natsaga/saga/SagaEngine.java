package dev.natsaga.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.Json;
import dev.natsaga.saga.internal.engine.EngineSettings;
import dev.natsaga.saga.internal.engine.SagaTracing;
import dev.natsaga.saga.internal.engine.StoreSagaEngine;
import dev.natsaga.saga.store.SagaStore;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.List;
import java.util.UUID;

/**
 * The transport-independent saga orchestrator: a state machine over a {@link SagaStore}. Each call is one
 * transaction (state change, step log rows and outbox commands commit together); optimistic locking makes
 * exactly one of several engines on one database advance a saga, and lost races are re-applied on fresh data.
 *
 * <p>The messaging layer wires three things: a {@link dev.natsaga.outbox.OutboxRelay} that publishes the commands
 * the engine writes to the service's transactional outbox, a reply consumer that calls
 * {@link #handleReply(SagaReply)} (acknowledge when it returns, redeliver when it throws), and a timer that
 * calls {@link #processDueDeadlines()} every second or so.
 *
 * <pre>{@code
 * SagaEngine engine = SagaEngine.builder().store(store).registry(new SagaRegistry().register(booking)).build();
 * UUID id = engine.start(booking, new BookingState(...), "booking-" + bookingId);
 * engine.handleReply(reply);          // from the reply consumer
 * engine.processDueDeadlines();       // from a scheduler
 * }</pre>
 */
public interface SagaEngine extends SagaQueries {

  /** Starts a saga without idempotency key; see {@link #start(SagaDefinition, Object, String)}. */
  <S> UUID start(SagaDefinition<S> definition, S initialState);

  /**
   * Starts a saga: inserts the instance, runs the leading local steps in the same transaction and writes
   * the first command to the outbox. The definition is registered if it was not. The actor is the handled event's,
   * if any (see {@link #start(SagaDefinition, Object, SagaStart)}).
   *
   * @param callerKey idempotency key, unique per saga type: starting again with the same key returns the
   *                  first saga's id and does nothing else; null for none
   * @return the saga id
   */
  <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey);

  /**
   * Starts a saga like {@link #start(SagaDefinition, Object, String)} and runs {@code beforeSteps} in the same
   * transaction, after the instance is inserted and before the first step: one commit for the caller's own row and
   * the saga (see {@link StartWork}).
   *
   * @throws dev.natsaga.saga.store.SagaStoreException when {@code beforeSteps} or the database failed (nothing is stored)
   */
  <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey, StartWork beforeSteps);

  /**
   * Starts a saga with every start option: caller key, work before the first step, and who started it. The actor
   * (CloudEvents {@code authtype}/{@code authid}) is stored with the saga and set on every command, compensation, retry
   * and outcome event it emits, also after a restart; without one, the actor of the event being handled on this
   * thread is taken (a saga started inside a handler), else the saga has none. The trace context of the start is
   * stored too, so deadlines, retries and operator actions continue the saga's trace.
   *
   * <pre>{@code
   * engine.start(booking, state, SagaStart.builder().callerKey("booking-" + id)
   *     .actor(SagaActor.of(SagaActor.USER, userId)).build());
   * }</pre>
   */
  <S> UUID start(SagaDefinition<S> definition, S initialState, SagaStart start);

  /**
   * Correlates a reply with its saga and step and applies it: a success reply is folded into the state and
   * the saga advances; a {@code failOn} reply starts compensation; duplicate, late and unexpected replies
   * are recorded in the step log and otherwise ignored.
   *
   * @throws dev.natsaga.saga.store.SagaConcurrencyException when it kept losing races (redeliver the reply)
   * @throws dev.natsaga.saga.store.SagaStoreException       when the database failed (redeliver the reply)
   */
  ReplyDisposition handleReply(SagaReply reply);

  /**
   * Applies several replies in one database transaction, in order, as {@link #handleReply} would one by one (a later
   * reply to the same saga sees what an earlier one did; a reply twice in the batch is a duplicate the second time).
   * When that transaction fails (a lost optimistic-lock race, a database failure, anything thrown) it is rolled back
   * and each reply is applied on its own with {@link #handleReply} (conflicts re-applied), so one failing reply fails
   * alone. Returns only after everything it reports as recorded is committed: acknowledge those, redeliver the failed.
   *
   * <pre>{@code
   * for (ReplyResult r : engine.handleReplies(replies)) {
   *     if (r.failed().isPresent()) { redeliver(r.reply()); } else { acknowledge(r.reply()); }
   * }
   * }</pre>
   *
   * <p>The default applies each reply on its own.
   *
   * @return one result per reply, in the order given
   */
  default List<ReplyResult> handleReplies(List<SagaReply> replies) {
    return handleReplies(replies, ReplyScope.NONE);
  }

  /**
   * Like {@link #handleReplies(List)}, with {@code around} opened around each reply's application (its trace context
   * and correlation, so what the engine does for a reply joins that reply's trace).
   */
  default List<ReplyResult> handleReplies(List<SagaReply> replies, ReplyScope around) {
    List<ReplyResult> results = new ArrayList<>(replies.size());
    for (SagaReply reply : replies) {
      try (ReplyScope.Opened ignored = around.open(reply)) {
        results.add(ReplyResult.of(reply, handleReply(reply)));
      } catch (RuntimeException e) {
        results.add(ReplyResult.failed(reply, e));
      }
    }
    return results;
  }

  /**
   * Claims the sagas whose deadline passed (safe with several engines) and acts on each: a step without
   * reply in time is retried per its policy, then fails into compensation; scheduled retries run.
   *
   * @return how many sagas were handled
   */
  int processDueDeadlines();

  /**
   * Operator action. A {@code COMPENSATION_FAILED} saga resumes compensating from the step that failed,
   * with a fresh attempt count and a new command id; a running or compensating saga has its deadline moved
   * to now, so the next {@link #processDueDeadlines()} acts on it.
   *
   * @throws SagaNotFoundException for an unknown id
   * @throws IllegalStateException for a completed or compensated saga
   */
  void resume(UUID sagaId);

  /**
   * Operator action: a {@code RUNNING} saga that should not go on (stuck, or started by mistake) stops executing and
   * compensates. The open attempt of its current step is logged as failed with {@code reason}; that step may have taken
   * effect (its reply may still be on the way), so its compensation runs first, then the completed steps' in reverse
   * order, as after a timeout. A reply arriving afterwards is recorded as late and ignored.
   *
   * <pre>{@code
   * engine.abort(sagaId, "customer cancelled by phone");   // RUNNING -> COMPENSATING -> COMPENSATED
   * }</pre>
   *
   * @param reason why, kept as the saga's failure reason (required)
   * @throws SagaNotFoundException for an unknown id
   * @throws IllegalStateException for a saga that is not {@code RUNNING}
   */
  void abort(UUID sagaId, String reason);

  /** @return the definitions this engine drives sagas with */
  SagaRegistry registry();

  static Builder builder() {
    return new Builder();
  }

  /** Settings of an engine; only {@code store} is required. */
  final class Builder {
    private SagaStore store;
    private SagaRegistry registry = new SagaRegistry();
    private Clock clock = Clock.systemUTC();
    private ObjectMapper objectMapper = Json.mapper();
    private int deadlineBatchSize = 100;
    private Duration claimLease = Duration.ofSeconds(30);
    private int maxConflictRetries = 10;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Builder() {
    }

    public Builder store(SagaStore value) { this.store = value; return this; }

    /** Definitions to continue in-flight sagas with (default: an empty registry filled by {@code start}). */
    public Builder registry(SagaRegistry value) { this.registry = value; return this; }

    /** Clock for deadlines and times (default UTC system clock; inject one to drive time in tests). */
    public Builder clock(Clock value) { this.clock = value; return this; }

    /** Mapper for state and payloads (default: the shared mapper with Java time support). */
    public Builder objectMapper(ObjectMapper value) { this.objectMapper = value; return this; }

    /** Sagas claimed per round by {@link SagaEngine#processDueDeadlines()} (default 100). */
    public Builder deadlineBatchSize(int value) { this.deadlineBatchSize = value; return this; }

    /** How long a claimed saga is reserved for the claimer (default 30 s); after a crash it comes due again. */
    public Builder claimLease(Duration value) { this.claimLease = value; return this; }

    /** Reload-and-reapply attempts after optimistic-lock conflicts (default 10). */
    public Builder maxConflictRetries(int value) { this.maxConflictRetries = value; return this; }

    /**
     * Traces sagas with {@code openTelemetry}: a span per saga start and per step attempt, commands carrying their
     * context (default: no spans; a caller's context still travels with the commands).
     */
    public Builder openTelemetry(OpenTelemetry value) { this.openTelemetry = Objects.requireNonNull(value, "openTelemetry"); return this; }

    public SagaEngine build() {
      Objects.requireNonNull(store, "SagaEngine needs a store(SagaStore), e.g. JdbcSagaStore.open(options)");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(objectMapper, "objectMapper");
      if (deadlineBatchSize < 1 || maxConflictRetries < 1) {
        throw new IllegalArgumentException("deadlineBatchSize and maxConflictRetries must be at least 1");
      }
      if (claimLease == null || claimLease.isNegative() || claimLease.isZero()) {
        throw new IllegalArgumentException("claimLease must be positive, got " + claimLease);
      }
      return new StoreSagaEngine(new EngineSettings(store, registry, clock, new SagaJson(objectMapper),
          deadlineBatchSize, claimLease, maxConflictRetries, new SagaTracing(openTelemetry)));
    }
  }
}
