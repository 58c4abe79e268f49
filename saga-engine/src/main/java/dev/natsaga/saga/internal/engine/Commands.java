package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.internal.json.SagaJson;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.DeadlineKind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a step's command to the outbox, opens its attempt in the step log and sets the reply deadline. */
final class Commands {

  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  private final SagaJson json;

  Commands(SagaJson json) {
    this.json = json;
  }

  /** @return empty when sent, else why the command could not be built (FAILED logged) */
  <S> Optional<String> send(SagaRun<S> run, StepPhase phase, CommandFactory<S> factory, Duration timeout) {
    String payload;
    Command command;
    try {
      command = factory.create(run.state());
      payload = json.write(command.payload(), "payload of the command of step '" + run.step().name() + "'");
    } catch (Exception e) {
      String error = "building the command failed: " + Failures.describe(e);
      run.log(run.entry(phase, StepOutcome.FAILED).withError(error));
      run.warn(LOG, "saga {} step '{}' {}: {}", run.id(), run.step().name(), LocalSteps.verb(phase), error);
      return Optional.of(error);
    }
    UUID commandId = run.commandId() != null ? run.commandId() : UUID.randomUUID();
    UUID messageId = UUID.randomUUID();
    run.tx().enqueue(message(run, phase, command, payload, commandId, messageId));
    run.log(run.entry(phase, StepOutcome.STARTED).withCommand(commandId, messageId));
    run.commandId(commandId);
    run.deadlineIn(timeout, DeadlineKind.REPLY_TIMEOUT);
    run.info(LOG, "saga {} step '{}' {} sent {} (command {}, message {}, attempt {})", run.id(), run.step().name(),
        LocalSteps.verb(phase), command.type(), commandId, messageId, run.attempt());
    return Optional.empty();
  }

  private static OutboxMessage message(SagaRun<?> run, StepPhase phase, Command command, String payload, UUID commandId,
                    UUID messageId) {
    Map<String, String> headers = Map.of(
        OutboxMessage.SAGA_ID, run.id().toString(),
        OutboxMessage.SAGA_STEP, run.step().name(),
        OutboxMessage.COMMAND_ID, commandId.toString(),
        OutboxMessage.CORRELATION_ID, run.id().toString());
    return new OutboxMessage(messageId, commandId, run.id(), run.saga().name(), run.step().name(), phase,
        command.type(), command.subject(), payload, headers, run.now());
  }
}
