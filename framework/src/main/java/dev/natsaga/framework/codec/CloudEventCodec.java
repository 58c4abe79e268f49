package dev.natsaga.framework.codec;

import dev.natsaga.framework.ContentMode;
import io.cloudevents.CloudEvent;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.List;

/**
 * The one place that maps CloudEvents attributes to and from NATS messages (the CloudEvents NATS
 * protocol binding), in both content modes.
 *
 * <p>Encoding always sets {@code Nats-Msg-Id} to {@link #messageId}: derived from the event's identity,
 * {@code source} + {@code id}, so a JetStream stream drops a re-publish of the same event inside its
 * duplicate window but stores two services' events that share an id. Decoding accepts structured mode
 * (a {@code Content-Type} starting with {@code application/cloudevents}) and binary mode ({@code ce-}
 * headers) alike.
 *
 * <pre>{@code
 * CloudEventCodec codec = new CloudEventCodec();
 * NatsMessage msg = codec.encode("dev.booking.appointment.confirmed.v1", event, ContentMode.STRUCTURED);
 * CloudEvent back = codec.decode(msg);
 * }</pre>
 */
public final class CloudEventCodec {

  /** The NATS header JetStream de-duplicates on. */
  public static final String MSG_ID_HEADER = "Nats-Msg-Id";
  public static final String CONTENT_TYPE_HEADER = "Content-Type";
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

  private final StructuredJsonEncoder structuredEncoder = new StructuredJsonEncoder();
  private final StructuredJsonDecoder structured = new StructuredJsonDecoder();
  private final EventIdPeek idPeek = new EventIdPeek();

  /** Encodes an event for {@code natsSubject} in the given mode. */
  public NatsMessage encode(String natsSubject, CloudEvent event, ContentMode mode) {
    Headers headers = new Headers();
    headers.put(MSG_ID_HEADER, messageId(event));
    byte[] payload;
    if (mode == ContentMode.BINARY) {
      BinaryMode.write(event, headers);
      payload = event.getData() == null ? new byte[0] : event.getData().toBytes();
    } else {
      headers.put(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE);
      payload = structuredEncoder.encode(event);
    }
    return NatsMessage.builder().subject(natsSubject).headers(headers).data(payload).build();
  }

  /**
   * The {@code Nats-Msg-Id} of an event: the same for every publish of the same {@code source} + {@code id},
   * different for another source, 22 printable ASCII characters whatever the id holds.
   */
  public static String messageId(CloudEvent event) {
    return messageId(event.getSource().toString(), event.getId());
  }

  /** The {@code Nats-Msg-Id} of the event with this {@code source} and {@code id} (e.g. to find it among dead letters). */
  public static String messageId(String source, String id) {
    return MessageIds.of(source, id);
  }

  /** Decodes a NATS message in either mode; a message that is not a valid CloudEvent is refused. */
  public CloudEvent decode(Message message) throws InvalidCloudEventException {
    Headers headers = message.getHeaders();
    String contentType = contentType(headers);
    if (contentType != null && startsWithIgnoreCase(contentType, "application/cloudevents")) {
      return decodeStructured(contentType, message.getData());
    }
    if (headers == null || BinaryMode.find(headers, "specversion") == null) {
      throw new InvalidCloudEventException("not a CloudEvent: no 'Content-Type: application/cloudevents+json' header and no 'ce-specversion' header");
    }
    return BinaryMode.read(headers, contentType, message.getData());
  }

  /**
   * The event's {@code id}, read without decoding the whole message (see {@link #decode} for that), or null when the
   * message is no readable CloudEvent. Lets a consumer start per-event work (an idempotency claim) as a message arrives.
   */
  public String peekId(Message message) {
    return idPeek.id(message, contentType(message.getHeaders()));
  }

  /** The {@code Content-Type} header; NATS header names are case-sensitive, so other spellings are accepted too. */
  private static String contentType(Headers headers) {
    if (headers == null) {
      return null;
    }
    String exact = headers.getFirst(CONTENT_TYPE_HEADER);
    if (exact != null) {
      return exact;
    }
    List<String> any = headers.getIgnoreCase(CONTENT_TYPE_HEADER);
    return any == null || any.isEmpty() ? null : any.get(0);
  }

  private CloudEvent decodeStructured(String contentType, byte[] data) throws InvalidCloudEventException {
    if (!MediaTypes.is(contentType, STRUCTURED_CONTENT_TYPE)) {
      throw new InvalidCloudEventException("unsupported structured content type '" + contentType + "' (only " + STRUCTURED_CONTENT_TYPE + ")");
    }
    if (data == null || data.length == 0) {
      throw new InvalidCloudEventException("structured CloudEvent with an empty payload");
    }
    return structured.decode(data);
  }

  /**
   * The value, if it has none of the control characters CloudEvents forbids in strings (U+0000–U+001F,
   * U+007F–U+009F); else the event is refused naming the attribute.
   */
  static String requirePrintable(String attribute, String value) throws InvalidCloudEventException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        throw new InvalidCloudEventException(String.format("attribute '%s' contains a control character (U+%04X)", attribute, (int) c));
      }
    }
    return value;
  }

  private static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = msg.indexOf('\n');
    return newline > 0 ? msg.substring(0, newline) : msg;
  }
}
