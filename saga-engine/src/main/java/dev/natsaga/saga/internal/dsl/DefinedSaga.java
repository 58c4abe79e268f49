package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The immutable result of the DSL; the engine walks its {@link #steps()}. */
public final class DefinedSaga<S> implements SagaDefinition<S> {

  private final String name;
  private final int version;
  private final Class<S> stateType;
  private final List<StepDefinition<S>> steps;
  private final Map<SagaStatus, OutcomeHook<S>> hooks;
  private final Duration deadline;

  DefinedSaga(String name, int version, Class<S> stateType, List<StepDefinition<S>> steps,
              Map<SagaStatus, OutcomeHook<S>> hooks, Duration deadline) {
    this.deadline = deadline;
    this.name = name;
    this.version = version;
    this.stateType = stateType;
    this.steps = List.copyOf(steps);
    this.hooks = hooks.isEmpty() ? Map.of() : new EnumMap<>(hooks);
  }

  /** @return the engine's view of a definition, which must come from {@code Saga.define(...)} */
  public static <S> DefinedSaga<S> of(SagaDefinition<S> definition) {
    if (definition instanceof DefinedSaga<S> defined) {
      return defined;
    }
    throw new IllegalArgumentException("saga definition '" + definition.name() + "' was not built with Saga.define(...)");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public Class<S> stateType() {
    return stateType;
  }

  @Override
  public List<String> stepNames() {
    return steps.stream().map(StepDefinition::name).toList();
  }

  @Override
  public Set<String> replyTypes() {
    Set<String> all = new LinkedHashSet<>();
    steps.forEach(s -> all.addAll(s.replyTypes()));
    return Set.copyOf(all);
  }

  /** @return how long a saga may run before it compensates, empty when unlimited */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  public List<StepDefinition<S>> steps() {
    return steps;
  }

  /** @return the hook declared for the final {@code status}, or null */
  public OutcomeHook<S> outcomeHook(SagaStatus status) {
    return hooks.get(status);
  }

  /** @return the step at {@code index}; callers check the range */
  public StepDefinition<S> step(int index) {
    return steps.get(index);
  }

  /** @return the index of the named step, or -1 */
  public int indexOf(String stepName) {
    for (StepDefinition<S> step : steps) {
      if (step.name().equals(stepName)) {
        return step.index();
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "saga '" + name + "' v" + version + " " + stepNames();
  }
}
