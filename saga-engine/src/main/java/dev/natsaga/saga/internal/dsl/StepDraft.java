package dev.natsaga.saga.internal.dsl;

import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.LocalAction;
import dev.natsaga.saga.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mutable record of one step while the DSL is being written; validated and frozen by {@code build()}. */
final class StepDraft<S> {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  final String name;
  /** The parallel group the step is a branch of, or null. */
  final String group;
  boolean remote;
  LocalAction<S> local;
  CommandFactory<S> command;
  final Map<String, ReplyBinding<S, ?>> replies = new LinkedHashMap<>();
  final List<String> replyTypesInOrder = new ArrayList<>();
  final Set<String> failOn = new LinkedHashSet<>();
  Duration timeout = DEFAULT_TIMEOUT;
  Retry retry = Retry.none();
  CompensationDraft<S> compensation;

  StepDraft(String name, String group) {
    this.name = name;
    this.group = group;
  }

  /** The mutable compensation of a step. */
  static final class CompensationDraft<S> {
    final boolean remote;
    LocalAction<S> local;
    CommandFactory<S> command;
    final Set<String> confirmedBy = new LinkedHashSet<>();
    final Map<String, ReplyBinding<S, ?>> recordingReplies = new LinkedHashMap<>();
    final Set<String> failsOn = new LinkedHashSet<>();
    Duration timeout;
    Retry retry = Retry.DEFAULT_COMPENSATION;

    CompensationDraft(LocalAction<S> local) {
      this.remote = false;
      this.local = local;
    }

    CompensationDraft(CommandFactory<S> command) {
      this.remote = true;
      this.command = command;
    }
  }
}
