package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.CommandFactory;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.DeadlineKind;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
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
    Span span = run.tracing().step(run, phase);
    try (Scope ignored = span.makeCurrent()) {
      Optional<String> error = sendInSpan(run, phase, factory, timeout);
      error.ifPresent(e -> SagaTracing.failed(span, e));
      return error;
    } finally {
      span.end();
    }
  }

  private <S> Optional<String> sendInSpan(SagaRun<S> run, StepPhase phase, CommandFactory<S> factory, Duration timeout) {
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
    run.tx().publish(run.withActor(event(run, command, payload, commandId, messageId)));
    run.log(run.entry(phase, StepOutcome.STARTED).withCommand(commandId, messageId));
    run.commandId(commandId);
    run.deadlineIn(timeout, DeadlineKind.REPLY_TIMEOUT);
    run.info(LOG, "saga {} step '{}' {} sent {} (command {}, message {}, attempt {})", run.id(), run.step().name(),
        LocalSteps.verb(phase), command.type(), commandId, messageId, run.attempt());
    return Optional.empty();
  }

  /**
   * The command as the outbox publishes it: id = message id (the {@code Nats-Msg-Id}, new per attempt), the saga
   * wire names from {@link Extensions}, correlation = the saga id, time = the engine's clock. Written inside the step
   * span, so the outbox stores that span's {@code traceparent} and the relay publishes the command in its trace. The
   * saga's actor ({@link SagaRun#withActor}) is set on it by the caller.
   */
  private static OutgoingEvent<byte[]> event(SagaRun<?> run, Command command, String payload, UUID commandId,
                                             UUID messageId) {
    return OutgoingEvent.command(command.type(), payload.getBytes(StandardCharsets.UTF_8))
        .id(messageId.toString())
        .subject(command.subject())
        .time(run.now().atOffset(ZoneOffset.UTC))
        .extension(Extensions.SAGA_ID, run.id().toString())
        .extension(Extensions.SAGA_STEP, run.step().name())
        .extension(Extensions.COMMAND_ID, commandId.toString())
        .correlationId(run.id().toString())
        .build();
  }
}
