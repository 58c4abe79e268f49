package dev.natsaga.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What a careful raw-jnats user writes to send and read the same structured CloudEvent the framework
 * sends: one Jackson record for the envelope (same attributes, same order, so the same bytes up to
 * the id and time values), a fresh UUID as id and {@code Nats-Msg-Id}, and the structured
 * {@code Content-Type}. No CloudEvents SDK, no validation, no correlation, no retries.
 */
public final class RawCloudEvents {

  public static final String MSG_ID = "Nats-Msg-Id";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String STRUCTURED = "application/cloudevents+json";

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * The structured envelope, attributes in the order the CloudEvents Jackson format writes them.
   *
   * @param specversion "1.0"
   * @param id the event id
   * @param source the service
   * @param type the event type
   * @param datacontenttype "application/json"
   * @param subject the order id
   * @param time RFC 3339
   * @param correlationid the correlation extension (= id for a first event, as the framework does)
   * @param data the payload
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Envelope(String specversion, String id, String source, String type, String datacontenttype,
      String subject, String time, String correlationid, Payloads.OrderPlaced data) {
  }

  /** A message for {@code natsSubject} with a fresh event id. */
  public NatsMessage message(String natsSubject, Payloads.OrderPlaced data) {
    String id = UUID.randomUUID().toString();
    Headers headers = new Headers();
    headers.put(MSG_ID, id);
    headers.put(CONTENT_TYPE, STRUCTURED);
    return NatsMessage.builder().subject(natsSubject).headers(headers).data(encode(id, data)).build();
  }

  /** The structured JSON of an event. */
  public byte[] encode(String id, Payloads.OrderPlaced data) {
    Envelope e = new Envelope("1.0", id, Payloads.SERVICE, Payloads.TYPE, "application/json", data.orderId(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)), id, data);
    try {
      return mapper.writeValueAsBytes(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Reads an envelope and its typed payload. */
  public Envelope decode(byte[] json) throws IOException {
    return mapper.readValue(json, Envelope.class);
  }
}
