package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** Test rows. */
final class Instances {

  static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");

  private Instances() {
  }

  static SagaInstance running(String type) {
    return SagaInstance.builder().id(UUID.randomUUID()).sagaType(type).definitionVersion(1).status(SagaStatus.RUNNING)
        .direction(SagaDirection.EXECUTING).stepIndex(0).stepName("first").stepAttempt(1)
        .stateJson("{\"n\":1}").lockVersion(0).createdAt(T0).updatedAt(T0).build();
  }

  static SagaInstance due(String type, Instant deadline) {
    return running(type).toBuilder().deadline(deadline, DeadlineKind.REPLY_TIMEOUT).commandId(UUID.randomUUID()).build();
  }

  static OutboxMessage message(UUID sagaId, Instant at) {
    UUID commandId = UUID.randomUUID();
    return new OutboxMessage(UUID.randomUUID(), commandId, sagaId, "test.saga", "first", StepPhase.EXECUTE,
        "test.thing.do.v1", "thing-1", "{\"a\":1}", Map.of(OutboxMessage.SAGA_ID, sagaId.toString(),
        OutboxMessage.COMMAND_ID, commandId.toString()), at.truncatedTo(ChronoUnit.MICROS));
  }
}
