package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Extensions;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import dev.natsaga.saga.store.StepLogEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a command seen on the way out (an outbox event in memory, a CloudEvent over NATS) into the {@link KitCommand}
 * the reactions see: the saga wire extensions pass through; saga type and phase, which are not on the wire, come
 * from the store (the saga row and the step-log row of this message id).
 */
final class KitCommands {

  private static final List<String> HEADERS = List.of(Extensions.SAGA_ID, Extensions.SAGA_STEP,
      Extensions.COMMAND_ID, Extensions.CORRELATION_ID);

  private final SagaStore store;

  KitCommands(SagaStore store) {
    this.store = store;
  }

  /**
   * @param extension reads an extension attribute by name (null when absent)
   */
  KitCommand of(String id, String type, String subject, String payloadJson, Function<String, String> extension,
                Instant time) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : HEADERS) {
      String value = extension.apply(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    UUID messageId = uuid(id);
    UUID sagaId = uuid(headers.get(Extensions.SAGA_ID));
    String sagaType = sagaId == null ? null : store.findInstance(sagaId).map(SagaInstance::sagaType).orElse(null);
    StepPhase phase = sagaId == null || messageId == null ? null : store.stepLog(sagaId).stream()
        .filter(e -> messageId.equals(e.messageId())).map(StepLogEntry::phase).findFirst().orElse(null);
    return new KitCommand(messageId, uuid(headers.get(Extensions.COMMAND_ID)), sagaId, sagaType,
        headers.get(Extensions.SAGA_STEP), phase, type, subject, payloadJson == null ? "" : payloadJson, headers,
        time == null ? Instant.now() : time);
  }

  private static UUID uuid(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
