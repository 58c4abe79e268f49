package dev.natsaga.framework.it;

import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * CloudEvents written by hand, the way a non-natsaga producer would, for publishing with raw jnats:
 * no framework code takes part in building them.
 */
final class HandWrittenEvents {

  static final String STRUCTURED = "application/cloudevents+json";

  private HandWrittenEvents() {
  }

  /** A structured-mode JSON event; {@code dataJson} is inserted as is (may be any JSON value). */
  static String structuredJson(String id, String type, String subject, String correlationId, String dataJson) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"hand-written-producer\",\"type\":\"" + type + "\","
        + "\"time\":\"" + Instant.now() + "\",\"datacontenttype\":\"application/json\","
        + (subject == null ? "" : "\"subject\":\"" + subject + "\",")
        + (correlationId == null ? "" : "\"correlationid\":\"" + correlationId + "\",")
        + "\"data\":" + dataJson + "}";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Headers of a structured-mode message: Content-Type and Nats-Msg-Id. */
  static Headers structuredHeaders(String msgId) {
    Headers h = new Headers();
    h.put("Content-Type", STRUCTURED);
    if (msgId != null) {
      h.put("Nats-Msg-Id", msgId);
    }
    return h;
  }

  static String data(String bookingId, long amount) {
    return "{\"bookingId\":\"" + bookingId + "\",\"amount\":" + amount + "}";
  }
}
