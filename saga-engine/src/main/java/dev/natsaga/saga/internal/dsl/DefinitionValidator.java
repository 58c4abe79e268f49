package dev.natsaga.saga.internal.dsl;

import dev.natsaga.framework.MessageKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every rule a saga definition breaks, each message naming the step. */
final class DefinitionValidator<S> {

  private static final int MAX_NAME = 200;

  private final String name;
  private final Class<S> stateType;
  private final int version;
  private final List<StepDraft<S>> steps;
  private final List<String> groups;
  private final List<String> problems = new ArrayList<>();

  DefinitionValidator(String name, Class<S> stateType, int version, List<StepDraft<S>> steps, List<String> groups) {
    this.name = name;
    this.groups = groups;
    this.stateType = stateType;
    this.version = version;
    this.steps = steps;
  }

  List<String> problems() {
    checkSaga();
    Set<String> seen = new HashSet<>();
    for (StepDraft<S> step : steps) {
      checkName(step, seen);
      if (step.remote) {
        checkRemote(step);
      } else if (step.local == null) {
        problems.add(at(step) + "local action is null");
      }
      if (step.compensation != null) {
        checkCompensation(step);
      }
    }
    groups.forEach(group -> checkGroup(group, seen));
    return problems;
  }

  private void checkGroup(String group, Set<String> names) {
    if (group == null || group.isBlank() || group.length() > MAX_NAME) {
      problems.add("a parallel group has a blank or too long name (at most " + MAX_NAME + " characters)");
      return;
    }
    if (!names.add(group)) {
      problems.add("parallel group '" + group + "': the name is already used by a step or another group");
    }
    long branches = steps.stream().filter(s -> group.equals(s.group)).count();
    if (branches < 2) {
      problems.add("parallel group '" + group + "' has " + branches + " branch(es); a group needs at least two");
    }
  }

  private void checkSaga() {
    if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace) || name.length() > MAX_NAME) {
      problems.add("saga name must be non-blank, without whitespace, at most " + MAX_NAME + " characters");
    }
    if (stateType == null) {
      problems.add("state type is null");
    }
    if (version < 1) {
      problems.add("version must be at least 1, got " + version);
    }
    if (steps.isEmpty()) {
      problems.add("it has no steps; add at least one step(name)");
    }
  }

  private void checkName(StepDraft<S> step, Set<String> seen) {
    if (step.name == null || step.name.isBlank() || step.name.length() > MAX_NAME) {
      problems.add("step #" + (steps.indexOf(step) + 1) + " has a blank or too long name (at most " + MAX_NAME + " characters)");
    } else if (!seen.add(step.name)) {
      problems.add(at(step) + "duplicate step name; step names must be unique within a saga");
    }
  }

  private void checkRemote(StepDraft<S> step) {
    if (step.command == null) {
      problems.add(at(step) + "send(...) command factory is null");
    }
    if (step.replies.isEmpty()) {
      problems.add(at(step) + "remote step declares no reply type; add onReply(type, ...)");
    }
    step.replies.forEach((type, binding) -> {
      checkType(step, type, "reply type");
      if (!binding.complete()) {
        problems.add(at(step) + "onReply('" + type + "') needs both a payload class and a mapper");
      }
    });
    if (step.replyTypesInOrder.size() != step.replies.size()) {
      problems.add(at(step) + "a reply type is declared twice with onReply");
    }
    for (String type : step.failOn) {
      checkType(step, type, "failOn type");
      if (step.replies.containsKey(type)) {
        problems.add(at(step) + "'" + type + "' is both a success reply and a failOn type");
      }
    }
    checkPositive(step, step.timeout, "timeout");
    if (step.retry == null) {
      problems.add(at(step) + "retry policy is null (use Retry.none())");
    }
  }

  private void checkCompensation(StepDraft<S> step) {
    StepDraft.CompensationDraft<S> c = step.compensation;
    if (c.remote ? c.command == null : c.local == null) {
      problems.add(at(step) + "compensation is null");
    }
    c.confirmedBy.forEach(t -> checkType(step, t, "confirmedBy type"));
    c.failsOn.forEach(t -> checkType(step, t, "compensationFailsOn type"));
    if (c.timeout != null) {
      checkPositive(step, c.timeout, "compensation timeout");
    }
    if (c.retry == null) {
      problems.add(at(step) + "compensation retry policy is null");
    }
  }

  /** Reply, failure and confirmation types are events: past tense. */
  private void checkType(StepDraft<S> step, String type, String what) {
    MessageTypes.problem(type, what, MessageKind.EVENT).ifPresent(p -> problems.add(at(step) + p));
  }

  private void checkPositive(StepDraft<S> step, Duration d, String what) {
    if (d == null || d.isZero() || d.isNegative()) {
      problems.add(at(step) + what + " must be positive, got " + d);
    }
  }

  private static String at(StepDraft<?> step) {
    return "step '" + step.name + "': ";
  }
}
