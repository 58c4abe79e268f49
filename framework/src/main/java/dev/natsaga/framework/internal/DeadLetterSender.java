package dev.natsaga.framework.internal;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Copies a message that cannot be handled into the dead-letter stream: payload and headers unchanged,
 * plus the {@link DeadLetterHeaders}. Its {@code Nats-Msg-Id} is derived from the original stream
 * position and the consumer, so dead-lettering the same delivery twice (after a crash) stores it once.
 *
 * <p>A message that cannot be copied whole (payload plus headers over the server's {@code max_payload}, or a header
 * block over JetStream's 64 KiB) is dead-lettered cut to fit, marked {@link DeadLetterHeaders#TRUNCATED}: otherwise
 * the publish would fail on every delivery and the message would never reach the dead-letter stream.
 */
public final class DeadLetterSender {

  private static final int MAX_ERROR_LENGTH = 1024;
  /** JetStream refuses a message whose header block is larger ("header size exceeds maximum allowed of 64k"). */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Original headers a cut dead letter keeps at most (each value at most {@link #MAX_KEPT_VALUE}). */
  private static final int MAX_KEPT_HEADER_BYTES = 16 * 1024;
  private static final int MAX_KEPT_VALUE = 1024;
  private static final int SLACK = 256;
  private final JetStream jetStream;
  private final Environment environment;
  private final LongSupplier maxPayload;

  /** Without a known {@code max_payload}: only header blocks over 64 KiB are cut. */
  public DeadLetterSender(JetStream jetStream, Environment environment) {
    this(jetStream, environment, () -> 0);
  }

  /** @param maxPayload the server's {@code max_payload} ({@code Connection::getMaxPayload}); 0 or less: unknown */
  public DeadLetterSender(JetStream jetStream, Environment environment, LongSupplier maxPayload) {
    this.jetStream = jetStream;
    this.environment = environment;
    this.maxPayload = maxPayload;
  }

  /** Where a dead letter came from: its stream position and how often it was delivered. */
  public record Origin(String stream, long sequence, long deliveries) {
  }

  /** Publishes the dead letter and waits for the DLQ stream's ack. */
  public PublishAck send(Message original, String consumer, DeadLetterReason reason, String error)
      throws IOException, JetStreamApiException {
    NatsJetStreamMetaData meta = original.isJetStream() ? original.metaData() : null;
    Origin origin = meta == null ? null : new Origin(meta.getStream(), meta.streamSequence(), meta.deliveredCount());
    return send(original.getSubject(), original.getHeaders(), original.getData(), origin, consumer, reason, error);
  }

  /**
   * Publishes a dead letter for a message read from its stream rather than received (one the client could not read):
   * {@code headers} may be null, {@code origin} is its stream position.
   */
  public PublishAck send(String subject, Headers originalHeaders, byte[] payload, Origin origin, String consumer,
      DeadLetterReason reason, String error) throws IOException, JetStreamApiException {
    Headers headers = originalHeaders == null ? new Headers() : new Headers(originalHeaders);
    String originalId = headers.getFirst(CloudEventCodec.MSG_ID_HEADER);
    if (originalId != null) {
      headers.put(DeadLetterHeaders.ORIGINAL_MSG_ID, originalId);
    }
    headers.put(DeadLetterHeaders.REASON, reason.header());
    headers.put(DeadLetterHeaders.ERROR, headerSafe(error));
    headers.put(DeadLetterHeaders.CONSUMER, consumer);
    headers.put(DeadLetterHeaders.ORIGINAL_SUBJECT, subject);
    headers.put(DeadLetterHeaders.TIME, Instant.now().toString());
    String position = "core";
    if (origin != null) {
      headers.put(DeadLetterHeaders.DELIVERY_COUNT, Long.toString(origin.deliveries()));
      headers.put(DeadLetterHeaders.ORIGINAL_STREAM, origin.stream());
      headers.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, Long.toString(origin.sequence()));
      position = origin.stream() + ":" + origin.sequence();
    }
    headers.put(CloudEventCodec.MSG_ID_HEADER, "dlq:" + consumer + ":" + (origin != null ? position : originalId));
    byte[] data = payload == null ? new byte[0] : payload;
    long limit = maxPayload.getAsLong();
    if (headers.serializedLength() > MAX_HEADER_BYTES || (limit > 0 && headers.serializedLength() + data.length > limit)) {
      Headers kept = cutHeaders(headers);
      int room = limit > 0 ? (int) Math.max(0, limit - kept.serializedLength() - SLACK) : data.length;
      byte[] cut = data.length > room ? Arrays.copyOf(data, room) : data;
      kept.put(DeadLetterHeaders.TRUNCATED, "payload " + cut.length + " of " + data.length + " bytes; "
          + (headers.size() - kept.size()) + " header(s) omitted");
      headers = kept;
      data = cut;
    }
    NatsMessage dead = NatsMessage.builder()
        .subject(environment.dlqSubject(consumer, subject))
        .headers(headers)
        .data(data)
        .build();
    return jetStream.publish(dead);
  }

  /** The dead-letter headers, and of the original ones those with short values while they fit into 16 KiB. */
  private static Headers cutHeaders(Headers all) {
    Headers kept = new Headers();
    all.forEach((key, values) -> {
      if (key.startsWith("Natsaga-Dlq-") || key.equals(CloudEventCodec.MSG_ID_HEADER)) {
        kept.put(key, values);
      }
    });
    int budget = MAX_KEPT_HEADER_BYTES;
    for (Map.Entry<String, List<String>> e : all.entrySet()) {
      String key = e.getKey();
      int size = key.length() + e.getValue().stream().mapToInt(v -> v.length() + key.length() + 4).sum();
      boolean shortValues = e.getValue().stream().allMatch(v -> v.length() <= MAX_KEPT_VALUE);
      if (!kept.containsKey(key) && shortValues && size <= budget) {
        kept.put(key, e.getValue());
        budget -= size;
      }
    }
    return kept;
  }

  /** Header values are one line of printable text; longer errors are cut. */
  static String headerSafe(String error) {
    String oneLine = String.valueOf(error).replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
    return oneLine.length() > MAX_ERROR_LENGTH ? oneLine.substring(0, MAX_ERROR_LENGTH) + "..." : oneLine;
  }
}
