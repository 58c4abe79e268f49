package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.LocalAction;
import dev.natsaga.saga.LocalEffect;
import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.ReplyMapper;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import java.time.Duration;
import java.util.Arrays;

/** Implements every step stage over one {@link StepDraft}; validation waits for {@code build()}. */
final class StagedStepBuilder<S> implements SagaBuilder.StepKind<S>, SagaBuilder.LocalStep<S>, SagaBuilder.RemoteStep<S>,
    SagaBuilder.LocalCompensation<S>, SagaBuilder.RemoteCompensation<S>, SagaBuilder.BranchKind<S>,
    SagaBuilder.BranchStep<S>, SagaBuilder.BranchCompensation<S> {

  private final StagedSagaBuilder<S> saga;
  private final StepDraft<S> draft;

  StagedStepBuilder(StagedSagaBuilder<S> saga, StepDraft<S> draft) {
    this.saga = saga;
    this.draft = draft;
  }

  @Override
  public SagaBuilder.BranchKind<S> branch(String name) {
    return saga.branch(draft.group, name);
  }

  @Override
  public SagaBuilder.Next<S> join() {
    return saga;
  }

  @Override
  public SagaBuilder.Branches<S> parallel(String group) {
    return saga.parallel(group);
  }

  @Override
  public StagedStepBuilder<S> local(LocalAction<S> action) {
    draft.local = action;
    return this;
  }

  @Override
  public StagedStepBuilder<S> localRun(LocalEffect<S> effect) {
    draft.local = effect == null ? null : ctx -> {
      effect.run(ctx);
      return null;
    };
    return this;
  }

  @Override
  public StagedStepBuilder<S> send(CommandFactory<S> command) {
    draft.remote = true;
    draft.command = command;
    return this;
  }

  @Override
  public <R> StagedStepBuilder<S> onReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper) {
    draft.replyTypesInOrder.add(replyType);
    draft.replies.put(replyType, new ReplyBinding<>(replyClass, mapper));
    return this;
  }

  @Override
  public StagedStepBuilder<S> onReply(String replyType) {
    draft.replyTypesInOrder.add(replyType);
    draft.replies.put(replyType, new ReplyBinding<S, Object>(null, null));
    return this;
  }

  @Override
  public StagedStepBuilder<S> failOn(String... replyTypes) {
    draft.failOn.addAll(Arrays.asList(replyTypes));
    return this;
  }

  @Override
  public StagedStepBuilder<S> timeout(Duration timeout) {
    draft.timeout = timeout;
    return this;
  }

  @Override
  public StagedStepBuilder<S> retry(Retry retry) {
    draft.retry = retry;
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensate(LocalEffect<S> undo) {
    LocalAction<S> action = undo == null ? null : ctx -> {
      undo.run(ctx);
      return null;
    };
    draft.compensation = new StepDraft.CompensationDraft<>(action);
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensateAndRecord(LocalAction<S> undo) {
    draft.compensation = new StepDraft.CompensationDraft<>(undo);
    return this;
  }

  @Override
  public <R> StagedStepBuilder<S> onCompensationReply(String replyType, Class<R> replyClass, ReplyMapper<S, R> mapper) {
    draft.compensation.confirmedBy.add(replyType);
    draft.compensation.recordingReplies.put(replyType, new ReplyBinding<>(replyClass, mapper));
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensateWith(CommandFactory<S> undo) {
    draft.compensation = new StepDraft.CompensationDraft<>(undo);
    return this;
  }

  @Override
  public StagedStepBuilder<S> confirmedBy(String... replyTypes) {
    draft.compensation.confirmedBy.addAll(Arrays.asList(replyTypes));
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensationFailsOn(String... replyTypes) {
    draft.compensation.failsOn.addAll(Arrays.asList(replyTypes));
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensationTimeout(Duration timeout) {
    draft.compensation.timeout = timeout;
    return this;
  }

  @Override
  public StagedStepBuilder<S> compensationRetry(Retry retry) {
    draft.compensation.retry = retry;
    return this;
  }

  @Override
  public SagaBuilder.StepKind<S> step(String name) {
    return saga.step(name);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompleted(OutcomeHook<S> hook) {
    return saga.onCompleted(hook);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompensated(OutcomeHook<S> hook) {
    return saga.onCompensated(hook);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompensationFailed(OutcomeHook<S> hook) {
    return saga.onCompensationFailed(hook);
  }

  @Override
  public SagaDefinition<S> build() {
    return saga.build();
  }
}
