package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.LocalAction;
import java.util.Map;
import java.util.Optional;
import dev.natsaga.saga.Retry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How a step is undone: a local effect or a compensating command, with its own retry policy.
 *
 * @param <S> state type
 */
public final class StepCompensation<S> {

  private final LocalAction<S> local;
  private final Map<String, ReplyBinding<S, ?>> recordingReplies;
  private final CommandFactory<S> command;
  private final Set<String> confirmedBy;
  private final Set<String> failsOn;
  private final Duration timeout;
  private final Retry retry;

  StepCompensation(StepDraft.CompensationDraft<S> draft, Duration stepTimeout) {
    this.local = draft.local;
    this.recordingReplies = Map.copyOf(draft.recordingReplies);
    this.command = draft.command;
    this.confirmedBy = Collections.unmodifiableSet(new LinkedHashSet<>(draft.confirmedBy));
    this.failsOn = Collections.unmodifiableSet(new LinkedHashSet<>(draft.failsOn));
    this.timeout = draft.timeout == null ? stepTimeout : draft.timeout;
    this.retry = draft.retry;
  }

  public boolean isLocal() {
    return local != null;
  }

  /** @return the local undo; it returns the new state (null = unchanged) */
  public LocalAction<S> local() {
    return local;
  }

  /** @return how a confirming reply of this type is folded into the state, empty when it is not recorded */
  public Optional<ReplyBinding<S, ?>> recording(String replyType) {
    return Optional.ofNullable(recordingReplies.get(replyType));
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

  /** @return the reply types that confirm it, in declaration order (empty: any reply not in {@link #failsOn()}) */
  public Set<String> confirmedBy() {
    return confirmedBy;
  }

  /** @return the reply types that fail an attempt, in declaration order */
  public Set<String> failsOn() {
    return failsOn;
  }

  /** @return true when a reply of this type confirms the compensation */
  public boolean confirms(String replyType) {
    return (confirmedBy.isEmpty() || confirmedBy.contains(replyType)) && !failsOn.contains(replyType);
  }

  Set<String> replyTypes() {
    return union(confirmedBy, failsOn);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
