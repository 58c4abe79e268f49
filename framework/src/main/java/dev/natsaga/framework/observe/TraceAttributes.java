package dev.natsaga.framework.observe;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attributes natsaga writes, after the OpenTelemetry messaging conventions ({@code messaging.system} =
 * {@code nats}) and the CloudEvents conventions ({@code cloudevents.*}), plus a few of natsaga's own.
 */
public final class TraceAttributes {

  public static final String SYSTEM = "nats";
  public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
  /** How many messages a batch span processed (OTel messaging conventions). */
  public static final AttributeKey<Long> BATCH_MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  public static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  public static final AttributeKey<String> CE_ID = AttributeKey.stringKey("cloudevents.event_id");
  public static final AttributeKey<String> CE_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
  public static final AttributeKey<String> CE_TYPE = AttributeKey.stringKey("cloudevents.event_type");
  public static final AttributeKey<String> CE_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** natsaga: the delivery's outcome, as the consumed counter's {@code outcome} tag. */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("natsaga.outcome");
  /** natsaga: the JetStream delivery count of the message (1 on the first delivery). */
  public static final AttributeKey<Long> DELIVERY = AttributeKey.longKey("natsaga.delivery");
  /** natsaga: the dead-letter reason, on a dead-lettered or poison message. */
  public static final AttributeKey<String> DLQ_REASON = AttributeKey.stringKey("natsaga.dlq.reason");
  /** natsaga: whether the stream dropped the publish as a duplicate. */
  public static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("natsaga.duplicate");

  private TraceAttributes() {
  }
}
