package dev.natsaga.saga.jdbc;

import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.store.DeadlineKind;
import dev.natsaga.saga.store.SagaInstance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
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

  /** A saga command as the engine writes it to the outbox. */
  static OutgoingEvent<byte[]> command(UUID sagaId, Instant at) {
    return OutgoingEvent.command("test.thing.do.v1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).subject("thing-1")
        .time(at.atOffset(ZoneOffset.UTC)).extension(Extensions.SAGA_ID, sagaId.toString())
        .extension(Extensions.COMMAND_ID, UUID.randomUUID().toString()).build();
  }
}
