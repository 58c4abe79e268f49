package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.LocalEffect;
import dev.natsaga.saga.Retry;
import java.time.Duration;
import java.util.Set;

/**
 * How a step is undone: a local effect or a compensating command, with its own retry policy.
 *
 * @param <S> state type
 */
public final class StepCompensation<S> {

  private final LocalEffect<S> local;
  private final CommandFactory<S> command;
  private final Set<String> confirmedBy;
  private final Set<String> failsOn;
  private final Duration timeout;
  private final Retry retry;

  StepCompensation(StepDraft.CompensationDraft<S> draft, Duration stepTimeout) {
    this.local = draft.local;
    this.command = draft.command;
    this.confirmedBy = Set.copyOf(draft.confirmedBy);
    this.failsOn = Set.copyOf(draft.failsOn);
    this.timeout = draft.timeout == null ? stepTimeout : draft.timeout;
    this.retry = draft.retry;
  }

  public boolean isLocal() {
    return local != null;
  }

  public LocalEffect<S> local() {
    return local;
  }

  public CommandFactory<S> command() {
    return command;
  }

  public Duration timeout() {
    return timeout;
  }

  public Retry retry() {
    return retry;
  }

  /** @return true when a reply of this type confirms the compensation */
  public boolean confirms(String replyType) {
    return (confirmedBy.isEmpty() || confirmedBy.contains(replyType)) && !failsOn.contains(replyType);
  }

  Set<String> replyTypes() {
    return union(confirmedBy, failsOn);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
