package dev.natsaga.framework.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Events, headers and messages the codec tests share. */
final class CodecFixtures {


  static final ObjectMapper JSON = new ObjectMapper();
  static final String NATS_SUBJECT = "dev.booking.appointment.confirmed.v1";
  static final String ID = "4f6c2a9e-8d1b-4c3e-9a7f-2b5d8e1c0a36";
  static final OffsetDateTime TIME = OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 589_000_000, ZoneOffset.UTC);
  static final String DATA_JSON = "{\"bookingId\":\"b-42\",\"amount\":4200,\"currency\":\"EUR\",\"note\":\"Grüße 🎉\"}";
  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  static CloudEventBuilder fullEvent() {
    return CloudEventBuilder.v1()
        .withId(ID)
        .withSource(URI.create("booking-service"))
        .withType("booking.appointment.confirmed.v1")
        .withTime(TIME)
        .withSubject("booking 42 / Zürich €")
        .withData("application/json", DATA_JSON.getBytes(UTF_8))
        .withExtension("correlationid", "corr-1")
        .withExtension("causationid", "8b0c3b1e-8f7e-4d0a-9b9e-0c1d2e3f4a5b")
        .withExtension("traceparent", TRACEPARENT)
        .withExtension("sagaid", "saga \"7\" 100%");
  }

  static String header(Message message, String name) {
    return message.getHeaders().getFirst(name);
  }

  static JsonNode json(byte[] bytes) throws Exception {
    return JSON.readTree(bytes);
  }

  static Message message(Headers headers, byte[] data) {
    return NatsMessage.builder().subject(NATS_SUBJECT).headers(headers).data(data).build();
  }

  static Headers binaryHeaders() {
    Headers headers = new Headers();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", ID);
    headers.put("ce-source", "booking-service");
    headers.put("ce-type", "booking.appointment.confirmed.v1");
    headers.put("Content-Type", "application/json");
    return headers;
  }

  static Headers structuredHeaders() {
    Headers headers = new Headers();
    headers.put("Content-Type", "application/cloudevents+json");
    return headers;
  }

  private CodecFixtures() {
  }
}
