package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.SagaBuilder;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDefinitionException;
import dev.natsaga.saga.SagaStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The saga-level stage of the DSL: name, state type, version and the ordered step drafts. */
public final class StagedSagaBuilder<S> implements SagaBuilder.Start<S>, SagaBuilder.Next<S> {

  private final String name;
  private final Class<S> stateType;
  private int version = 1;
  private Duration deadline;
  private final List<StepDraft<S>> steps = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();
  private final Map<SagaStatus, OutcomeHook<S>> hooks = new EnumMap<>(SagaStatus.class);
  private boolean built;

  public StagedSagaBuilder(String name, Class<S> stateType) {
    this.name = name;
    this.stateType = stateType;
  }

  @Override
  public SagaBuilder.Start<S> version(int newVersion) {
    this.version = newVersion;
    return this;
  }

  @Override
  public SagaBuilder.Start<S> deadline(Duration sagaDeadline) {
    this.deadline = sagaDeadline;
    return this;
  }

  @Override
  public SagaBuilder.StepKind<S> step(String stepName) {
    requireNotBuilt();
    StepDraft<S> draft = new StepDraft<>(stepName, null);
    steps.add(draft);
    return new StagedStepBuilder<>(this, draft);
  }

  @Override
  public SagaBuilder.Branches<S> parallel(String group) {
    requireNotBuilt();
    groups.add(group);
    return new SagaBuilder.Branches<>() {
      @Override
      public SagaBuilder.BranchKind<S> branch(String name) {
        return StagedSagaBuilder.this.branch(group, name);
      }

      @Override
      public SagaBuilder.Next<S> join() {
        return StagedSagaBuilder.this;
      }
    };
  }

  SagaBuilder.BranchKind<S> branch(String group, String stepName) {
    requireNotBuilt();
    StepDraft<S> draft = new StepDraft<>(stepName, group);
    steps.add(draft);
    return new StagedStepBuilder<>(this, draft);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompleted(OutcomeHook<S> hook) {
    return hook(SagaStatus.COMPLETED, "onCompleted", hook);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompensated(OutcomeHook<S> hook) {
    return hook(SagaStatus.COMPENSATED, "onCompensated", hook);
  }

  @Override
  public SagaBuilder.Outcomes<S> onCompensationFailed(OutcomeHook<S> hook) {
    return hook(SagaStatus.COMPENSATION_FAILED, "onCompensationFailed", hook);
  }

  private SagaBuilder.Outcomes<S> hook(SagaStatus status, String name, OutcomeHook<S> hook) {
    requireNotBuilt();
    Objects.requireNonNull(hook, () -> "saga '" + this.name + "': " + name + " needs a hook");
    if (hooks.putIfAbsent(status, hook) != null) {
      throw new SagaDefinitionException("invalid saga definition '" + this.name + "' v" + version + ": " + name
          + " is declared twice");
    }
    return this;
  }

  @Override
  public SagaDefinition<S> build() {
    requireNotBuilt();
    List<String> problems = new DefinitionValidator<>(name, stateType, version, steps, groups).problems();
    if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
      problems.add("the saga deadline must be positive, got " + deadline);
    }
    if (!problems.isEmpty()) {
      throw new SagaDefinitionException("invalid saga definition '" + name + "' v" + version + ": " + String.join("; ", problems));
    }
    built = true;
    List<StepDefinition<S>> frozen = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      frozen.add(new StepDefinition<>(i, steps.get(i), groupStart(i), groupEnd(i)));
    }
    return new DefinedSaga<>(name, version, stateType, frozen, hooks, deadline);
  }

  /** @return the first index of the run of branches of the same group around {@code i} */
  private int groupStart(int i) {
    int start = i;
    while (start > 0 && sameGroup(start - 1, i)) {
      start--;
    }
    return start;
  }

  private int groupEnd(int i) {
    int end = i;
    while (end < steps.size() - 1 && sameGroup(end + 1, i)) {
      end++;
    }
    return end;
  }

  private boolean sameGroup(int a, int b) {
    return steps.get(a).group != null && steps.get(a).group.equals(steps.get(b).group);
  }

  private void requireNotBuilt() {
    if (built) {
      throw new IllegalStateException("saga definition '" + name + "' was already built; start a new Saga.define(...)");
    }
  }
}
