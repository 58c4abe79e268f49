package dev.natsaga.saga.outbox;

import dev.natsaga.saga.StepPhase;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A command waiting in {@code saga_outbox}. A transport maps it onto the wire: {@link #id()} is the event
 * id and the {@code Nats-Msg-Id} (unique per attempt, so a re-publish after a crash is de-duplicated by
 * the stream while a retry after a timeout is not), {@link #type()} the event type, {@link #subject()}
 * the CloudEvents subject, {@link #payloadJson()} the data, and {@link #headers()} the CloudEvents
 * extensions ({@value #SAGA_ID}, {@value #SAGA_STEP}, {@value #COMMAND_ID}, {@value #CORRELATION_ID}).
 *
 * <p>{@link #commandId()} stays the same across timeout retries of one step phase: participants
 * de-duplicate on it and answer a repeated command with their stored reply. It changes only when a
 * compensation attempt was answered with a failure, or an operator resumes the saga.
 *
 * @param id          message id (event id, {@code Nats-Msg-Id})
 * @param commandId   command id (participant idempotency key)
 * @param sagaId      the saga
 * @param sagaType    the saga type
 * @param stepName    the step
 * @param phase       execute or compensate
 * @param type        the command type, e.g. {@code payment.transaction.authorize.v1}
 * @param subject     the CloudEvents subject (resource id), or null
 * @param payloadJson the payload as JSON
 * @param headers     extension attributes to send with the command
 * @param createdAt   when it was written
 */
public record OutboxMessage(UUID id, UUID commandId, UUID sagaId, String sagaType, String stepName, StepPhase phase,
              String type, String subject, String payloadJson, Map<String, String> headers,
              Instant createdAt) {

  /** Header (CloudEvents extension) carrying the saga id; replies must carry it back. */
  public static final String SAGA_ID = "sagaid";
  /** Header carrying the step name; replies must carry it back. */
  public static final String SAGA_STEP = "sagastep";
  /** Header carrying the command id; replies should carry it back, participants de-duplicate on it. */
  public static final String COMMAND_ID = "commandid";
  /** Header carrying the correlation id (the saga id). */
  public static final String CORRELATION_ID = "correlationid";

  public OutboxMessage {
    headers = Map.copyOf(headers);
  }
}
