package dev.natsaga.saga.testkit;

import dev.natsaga.saga.StepPhase;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A saga command as a {@link ScriptedParticipant} receives it, the same in memory and over NATS: the message id (the
 * event id and {@code Nats-Msg-Id}, new per attempt), the command id (the same across timeout retries of one step
 * phase), the saga, step and phase, the type, the CloudEvents subject, the payload JSON and the extensions the engine
 * sent ({@code sagaid}, {@code sagastep}, {@code commandid}, {@code correlationid}).
 *
 * @param id          message id
 * @param commandId   command id (participant idempotency key)
 * @param sagaId      the saga
 * @param sagaType    the saga type
 * @param stepName    the step
 * @param phase       execute or compensate
 * @param type        the command type, e.g. {@code payment.transaction.authorize.v1}
 * @param subject     the CloudEvents subject, or null
 * @param payloadJson the payload as JSON
 * @param headers     the saga extensions it carried
 * @param createdAt   when it was sent
 */
public record KitCommand(UUID id, UUID commandId, UUID sagaId, String sagaType, String stepName, StepPhase phase,
                         String type, String subject, String payloadJson, Map<String, String> headers,
                         Instant createdAt) {

  public KitCommand {
    headers = Map.copyOf(headers);
  }
}
