package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.LocalAction;
import dev.natsaga.saga.Retry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validated step: a local action or a command with its replies, timeout and retry, and an optional compensation.
 *
 * @param <S> state type
 */
public final class StepDefinition<S> {

  private final int index;
  private final String name;
  private final LocalAction<S> local;
  private final CommandFactory<S> command;
  private final Map<String, ReplyBinding<S, ?>> replies;
  private final List<String> successTypes;
  private final Set<String> failOn;
  private final Duration timeout;
  private final Retry retry;
  private final StepCompensation<S> compensation;
  private final String group;
  private final int groupStart;
  private final int groupEnd;

  StepDefinition(int index, StepDraft<S> draft, int groupStart, int groupEnd) {
    this.index = index;
    this.name = draft.name;
    this.group = draft.group;
    this.groupStart = groupStart;
    this.groupEnd = groupEnd;
    this.local = draft.remote ? null : draft.local;
    this.command = draft.remote ? draft.command : null;
    this.replies = Map.copyOf(draft.replies);
    this.successTypes = List.copyOf(draft.replies.keySet());
    this.failOn = Collections.unmodifiableSet(new LinkedHashSet<>(draft.failOn));
    this.timeout = draft.timeout;
    this.retry = draft.retry;
    this.compensation = draft.compensation == null ? null : new StepCompensation<>(draft.compensation, draft.timeout);
  }

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public boolean isLocal() {
    return local != null;
  }

  public LocalAction<S> local() {
    return local;
  }

  public CommandFactory<S> command() {
    return command;
  }

  /** @return the binding of a success reply type, empty when the type is not a success reply */
  public Optional<ReplyBinding<S, ?>> success(String replyType) {
    return Optional.ofNullable(replies.get(replyType));
  }

  /** @return the success reply types in declaration order */
  public List<String> successReplyTypes() {
    return successTypes;
  }

  /** @return the failure reply types in declaration order */
  public Set<String> failureReplyTypes() {
    return failOn;
  }

  public boolean failsOn(String replyType) {
    return failOn.contains(replyType);
  }

  /** @return true when the type is one of the step's own (execute-phase) replies */
  public boolean isExecuteReply(String replyType) {
    return replies.containsKey(replyType) || failOn.contains(replyType);
  }

  public Duration timeout() {
    return timeout;
  }

  public Retry retry() {
    return retry;
  }

  /** @return the compensation, empty when the step needs no undo */
  public Optional<StepCompensation<S>> compensation() {
    return Optional.ofNullable(compensation);
  }

  /** @return true when the step is a branch of a parallel group */
  public boolean isGrouped() {
    return group != null;
  }

  /** @return the name of its parallel group, or null */
  public String group() {
    return group;
  }

  /** @return the index of the first branch of its group (the step's own index when not grouped) */
  public int groupStart() {
    return group == null ? index : groupStart;
  }

  /** @return the index of the last branch of its group (the step's own index when not grouped) */
  public int groupEnd() {
    return group == null ? index : groupEnd;
  }

  boolean isFirstOfGroup() {
    return group != null && index == groupStart;
  }

  boolean isLastOfGroup() {
    return group != null && index == groupEnd;
  }

  Set<String> replyTypes() {
    Set<String> all = new LinkedHashSet<>(replies.keySet());
    all.addAll(failOn);
    if (compensation != null) {
      all.addAll(compensation.replyTypes());
    }
    return all;
  }
}
