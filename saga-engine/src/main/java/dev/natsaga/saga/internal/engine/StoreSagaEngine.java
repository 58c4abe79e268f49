package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.ReplyResult;
import dev.natsaga.saga.ReplyScope;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaPage;
import dev.natsaga.saga.SagaRegistry;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaStart;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StartWork;
import dev.natsaga.saga.internal.dsl.DefinedSaga;
import dev.natsaga.saga.store.ClaimedSaga;
import dev.natsaga.saga.store.DuplicateSagaException;
import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.SagaTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SagaEngine} over a {@link SagaStore}: one transaction per call, conflicts re-applied.
 *
 * <p>Logging: each call's work on a saga runs with the MDC {@code correlationId} = the saga id ({@link dev.natsaga.framework.logging.MdcScope}), and the
 * lines a transaction writes are held in a {@link PendingLog} and emitted only after it committed, so a transaction
 * that lost a race and was re-applied logs once, what it actually did.
 */
public final class StoreSagaEngine implements SagaEngine {

  private static final Logger LOG = LoggerFactory.getLogger(StoreSagaEngine.class);
  private static final int MAX_CALLER_KEY = 200;

  private final EngineSettings settings;
  private final SagaStore store;
  private final ConflictRetries conflicts;
  private final Starter starter;
  private final Replies replies;
  private final Deadlines deadlines;
  private final Resumption resumption;

  public StoreSagaEngine(EngineSettings settings) {
    this.settings = settings;
    this.store = settings.store();
    this.conflicts = new ConflictRetries(settings.maxConflictRetries());
    Commands commands = new Commands(settings.json());
    Compensation compensation = new Compensation(commands);
    Forward forward = new Forward(commands, compensation);
    ParallelGroups groups = new ParallelGroups(forward, commands, compensation);
    Runs runs = new Runs(settings);
    this.starter = new Starter(settings, runs, forward);
    this.replies = new Replies(runs, forward, compensation, groups, settings.json());
    this.deadlines = new Deadlines(runs, forward, compensation, groups);
    this.resumption = new Resumption(runs, compensation);
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState) {
    return start(definition, initialState, SagaStart.defaults());
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey) {
    return start(definition, initialState, SagaStart.builder().callerKey(callerKey).build());
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey, StartWork beforeSteps) {
    Objects.requireNonNull(beforeSteps, "beforeSteps");
    return start(definition, initialState, SagaStart.builder().callerKey(callerKey).beforeSteps(beforeSteps).build());
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState, SagaStart options) {
    DefinedSaga<S> saga = DefinedSaga.of(Objects.requireNonNull(definition, "definition"));
    Objects.requireNonNull(initialState, () -> "initial state of saga " + saga.name() + " must not be null");
    String callerKey = Objects.requireNonNull(options, "options").callerKey();
    if (callerKey != null && (callerKey.isBlank() || callerKey.length() > MAX_CALLER_KEY)) {
      throw new IllegalArgumentException("caller key of saga " + saga.name() + " must be null or 1.." + MAX_CALLER_KEY
          + " characters, got '" + callerKey + "'");
    }
    SagaStart start = new SagaStart(callerKey, options.beforeSteps(), options.actorOrCurrent());
    settings.registry().register(saga);
    UUID id = UUID.randomUUID();
    try (MdcScope ignored = MdcScope.correlate(id)) {
      return conflicts.run("start saga " + id + " " + saga.name(), () -> {
        try {
          return inTransaction((tx, lines) -> starter.start(tx, lines, saga, initialState, start, id));
        } catch (DuplicateSagaException e) {
          return store.inTransaction(tx -> tx.findIdByCallerKey(saga.name(), callerKey))
              .orElseThrow(() -> new SagaConcurrencyException("caller key '" + callerKey + "' vanished", e));
        }
      });
    }
  }

  @Override
  public ReplyDisposition handleReply(SagaReply reply) {
    Objects.requireNonNull(reply, "reply");
    try (MdcScope ignored = MdcScope.correlate(reply.sagaId())) {
      return conflicts.run("reply " + reply.id() + " to saga " + reply.sagaId(),
          () -> inTransaction((tx, lines) -> replies.handle(tx, lines, reply)));
    }
  }

  /** One transaction for all; when it fails, rolled back and each reply applied alone ({@link SagaEngine#handleReplies}). */
  @Override
  public List<ReplyResult> handleReplies(List<SagaReply> batch, ReplyScope around) {
    List<SagaReply> all = List.copyOf(batch);
    if (all.size() <= 1) {
      return SagaEngine.super.handleReplies(all, around);
    }
    List<ReplyDisposition> done;
    try {
      done = inTransaction((tx, lines) -> {
        List<ReplyDisposition> out = new ArrayList<>(all.size());
        for (SagaReply reply : all) {
          try (ReplyScope.Opened scope = around.open(reply); MdcScope ignored = MdcScope.correlate(reply.sagaId())) {
            out.add(replies.handle(tx, lines, reply));
          }
        }
        return out;
      });
    } catch (RuntimeException e) {
      if (e instanceof SagaConcurrencyException) {
        LOG.debug("a batch of {} replies lost an update race ({}); rolled back, applying each on its own", all.size(), e.getMessage());
      } else {
        LOG.info("a batch of {} replies failed ({}); rolled back, applying each on its own", all.size(), e.toString());
      }
      return SagaEngine.super.handleReplies(all, around);
    }
    List<ReplyResult> results = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      results.add(ReplyResult.of(all.get(i), done.get(i)));
    }
    return results;
  }

  @Override
  public int processDueDeadlines() {
    int handled = 0;
    while (true) {
      List<ClaimedSaga> claimed = store.claimDue(settings.now(), settings.claimLease(), settings.deadlineBatchSize());
      for (ClaimedSaga claim : claimed) {
        try (MdcScope ignored = MdcScope.correlate(claim.id())) {
          handled += handleDeadline(claim) ? 1 : 0;
        }
      }
      if (claimed.size() < settings.deadlineBatchSize()) {
        return handled;
      }
    }
  }

  private boolean handleDeadline(ClaimedSaga claim) {
    try {
      return inTransaction((tx, lines) -> deadlines.handle(tx, lines, claim));
    } catch (SagaConcurrencyException e) {
      LOG.debug("saga {} moved by another transaction while handling its deadline; skipped", claim.id());
      return false;
    } catch (RuntimeException e) {
      LOG.warn("saga {} deadline handling failed, it comes due again after the claim lease: {}", claim.id(), e.toString());
      return false;
    }
  }

  @Override
  public void resume(UUID sagaId) {
    try (MdcScope ignored = MdcScope.correlate(sagaId)) {
      conflicts.run("resume saga " + sagaId, () -> inTransaction((tx, lines) -> {
        resumption.resume(tx, lines, sagaId);
        return null;
      }));
    }
  }

  @Override
  public void abort(UUID sagaId, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("abort of saga " + sagaId + " needs a reason (it is kept as the failure reason)");
    }
    try (MdcScope ignored = MdcScope.correlate(sagaId)) {
      conflicts.run("abort saga " + sagaId, () -> inTransaction((tx, lines) -> {
        resumption.abort(tx, lines, sagaId, reason);
        return null;
      }));
    }
  }

  /**
   * Runs one transaction whose log lines are emitted once it committed ({@code inTransaction} returns only after
   * the commit) and dropped when it throws (rolled back: a lost race is re-applied by the caller with a fresh buffer).
   */
  private <T> T inTransaction(BiFunction<SagaTransaction, PendingLog, T> work) {
    PendingLog lines = new PendingLog();
    T result = store.inTransaction(tx -> work.apply(tx, lines));
    lines.emit();
    return result;
  }

  @Override
  public SagaRegistry registry() {
    return settings.registry();
  }

  @Override
  public Optional<SagaView> find(UUID sagaId) {
    return store.findInstance(sagaId).map(i -> SagaView.of(i, store.stepLog(sagaId)));
  }

  @Override
  public <S> Optional<S> findState(UUID sagaId, Class<S> stateType) {
    return store.findInstance(sagaId).map(i -> settings.json().read(i.stateJson(), stateType, "state of saga " + sagaId));
  }

  @Override
  public SagaPage<SagaView> list(String sagaType, SagaStatus status, int page, int size) {
    SagaPage<SagaInstance> rows = store.list(sagaType, status, page, size);
    return new SagaPage<>(rows.items().stream().map(i -> SagaView.of(i, List.of())).toList(), rows.page(), rows.size(),
        rows.total());
  }
}
