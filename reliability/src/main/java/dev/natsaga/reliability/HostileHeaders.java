package dev.natsaga.reliability;

import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * The hostile messages of {@link HostileMessages} that attack the NATS headers rather than the JSON: binary-mode
 * CloudEvents with bad {@code ce-} headers, missing or unsupported content types, huge header blocks, status lines,
 * and header blocks outside the NATS protocol.
 */
final class HostileHeaders {

  private static final String[][] BAD_PERCENT = {{"ce-id", "abc%ZZ"}, {"ce-id", "%"}, {"ce-id", "abc%4"}, {"ce-id", "%C3%28"},
      {"ce-id", "%00%00"}, {"ce-source", "%E2%82"}, {"ce-type", "payment.transaction.authorize.v1%"}, {"ce-subject", "%G1%"},
      {"ce-time", "2030-01-01T00%3A00%3A00Z%"}, {"ce-source", "%FF%FE%FD"}};

  private final HostileMessages messages;
  private final Random random;

  HostileHeaders(HostileMessages messages, Random random) {
    this.messages = messages;
    this.random = random;
  }

  Hostile badPercent(int i, FuzzTarget t) {
    String[] bad = BAD_PERCENT[random.nextInt(BAD_PERCENT.length)];
    Headers h = binaryHeaders(t);
    h.put(bad[0], bad[1]);
    h.put("Content-Type", "application/json");
    return new Hostile(i, "binary-bad-percent-encoding", bad[0] + ": " + bad[1], t, h, HostileMessages.bytes(messages.data(t)), HostileMessages.msgId());
  }

  Hostile binaryMissing(int i, FuzzTarget t) {
    Headers h = binaryHeaders(t);
    String drop = new String[] {"ce-id", "ce-source", "ce-type"}[random.nextInt(3)];
    h.remove(drop);
    h.put("Content-Type", "application/json");
    return new Hostile(i, "binary-missing-attribute", "no " + drop, t, h, HostileMessages.bytes(messages.data(t)), HostileMessages.msgId());
  }

  Hostile binaryWrongVersion(int i, FuzzTarget t) {
    Headers h = binaryHeaders(t);
    String v = new String[] {"0.3", "2.0", "1", "1.0.0", "%31.0x"}[random.nextInt(5)];
    h.put("ce-specversion", v);
    h.put("Content-Type", "application/json");
    return new Hostile(i, "binary-wrong-specversion", v, t, h, HostileMessages.bytes(messages.data(t)), HostileMessages.msgId());
  }

  Hostile binaryInvalid(int i, FuzzTarget t) {
    Headers h = binaryHeaders(t);
    String variant;
    switch (random.nextInt(5)) {
      case 0 -> { h.put("ce-time", "not-a-time"); variant = "ce-time not RFC 3339"; }
      case 1 -> { h.put("ce-datacontenttype", "application/json"); variant = "ce-datacontenttype header (binary mode uses Content-Type)"; }
      case 2 -> { h.put("ce-dataschema", "%3A%3Anot%20a%20uri"); variant = "ce-dataschema not a URI"; }
      case 3 -> { h.put("ce-source", "has%20spaces%20%7B%7D"); variant = "ce-source not a URI-reference"; }
      default -> { h.put("ce-type", "Not A Type"); variant = "ce-type breaks the naming rules"; }
    }
    h.put("Content-Type", "application/json");
    return new Hostile(i, "binary-invalid-attribute", variant, t, h, HostileMessages.bytes(messages.data(t)), HostileMessages.msgId());
  }

  Hostile noHeaders(int i, FuzzTarget t) {
    return new Hostile(i, "no-headers", "a valid structured event's JSON without Content-Type", t, null, HostileMessages.bytes(messages.ce(t, true)), null);
  }

  Hostile unsupportedContentType(int i, FuzzTarget t) {
    String ct = new String[] {"application/cloudevents+xml", "application/cloudevents-batch+json", "application/cloudevents+protobuf",
        "application/cloudevents"}[random.nextInt(4)];
    Headers h = new Headers();
    h.put("Content-Type", ct);
    h.put("Nats-Msg-Id", HostileMessages.msgId());
    return new Hostile(i, "unsupported-content-type", ct, t, h, HostileMessages.bytes(messages.ce(t, false)), null);
  }

  /** Header values from 48 KiB to over JetStream's 64 KiB header limit (those are refused), and 2,000 headers. */
  Hostile hugeHeader(int i, FuzzTarget t) {
    Headers h = new Headers();
    String variant;
    byte[] payload = HostileMessages.bytes(messages.ce(t, false));
    switch (random.nextInt(5)) {
      case 0 -> {
        h.put("Content-Type", "application/cloudevents+json");
        h.put("X-Fuzz-Padding", "a".repeat(256 * 1024));
        variant = "256 KiB header value (over JetStream's 64 KiB header limit)";
      }
      case 1 -> {
        h = binaryHeaders(t);
        h.put("ce-id", "i".repeat(48 * 1024));
        h.put("Content-Type", "application/json");
        payload = HostileMessages.bytes(messages.data(t));
        variant = "48 KiB ce-id (binary mode)";
      }
      case 2 -> {
        h.put("Content-Type", "application/cloudevents+json");
        h.put("X-Fuzz-Padding", "a".repeat(64 * 1024 - 400));
        variant = "a header block just under 64 KiB";
      }
      case 3 -> {
        h.put("Content-Type", "application/cloudevents+json");
        h.put("X-Fuzz-Padding", "a".repeat(48 * 1024));
        variant = "48 KiB header value";
      }
      default -> {
        h.put("Content-Type", "application/cloudevents+json");
        for (int k = 0; k < 2000; k++) {
          h.put("X-Fuzz-" + k, "v" + k);
        }
        variant = "2,000 headers";
      }
    }
    h.put("Nats-Msg-Id", HostileMessages.msgId());
    return new Hostile(i, "huge-header", variant, t, h, payload, null);
  }

  /** See {@link HostileMessages#KNOWN_DEFECT_CATEGORY}: header blocks jnats will not build, sent raw. */
  Hostile malformedHeaderBlock(int i, FuzzTarget t) {
    String variant;
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    byte[] payload = HostileMessages.bytes(messages.ce(t, false));
    switch (random.nextInt(5)) {
      case 0 -> {
        ascii(h, "NATS/1.0\r\nce-specversion: 1.0\r\nce-source: fuzz\r\nce-type: " + t.type() + "\r\nce-id: ");
        h.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'});
        ascii(h, "\r\nContent-Type: application/json\r\n");
        variant = "ce-id with bytes 0xFF 0xFE (binary mode)";
        payload = HostileMessages.bytes(messages.data(t));
      }
      case 1 -> {
        ascii(h, "NATS/1.0\r\nContent-Type: application/cloudevents+json\r\nX-Fuzz: ");
        h.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1});
        ascii(h, "\r\n");
        variant = "a header value with invalid UTF-8";
      }
      case 2 -> {
        ascii(h, "NATS/1.0\r\nContent-Type: application/cloudevents+json\r\nThis line has no colon\r\n");
        variant = "a header line without a colon";
      }
      case 3 -> {
        ascii(h, "NATS/1.0\r\n");
        h.writeBytes("C\u00e9-Id: x\r\n".getBytes(StandardCharsets.UTF_8));
        ascii(h, "Content-Type: application/cloudevents+json\r\n");
        variant = "a header name with a non-ASCII character";
      }
      default -> {
        ascii(h, "NATS/2.0\r\nContent-Type: application/cloudevents+json\r\n");
        variant = "version line NATS/2.0";
      }
    }
    ascii(h, "\r\n");
    return Hostile.raw(i, HostileMessages.KNOWN_DEFECT_CATEGORY, variant, t, h.toByteArray(), payload);
  }

  /** A header block whose first line is a NATS status line, as the server sends for no-responders or pull statuses. */
  Hostile statusLine(int i, FuzzTarget t) {
    String status = new String[] {"NATS/1.0 503", "NATS/1.0 408 Request Timeout", "NATS/1.0 409 Consumer Deleted",
        "NATS/1.0 100 Idle Heartbeat", "NATS/1.0 404 No Messages"}[random.nextInt(5)];
    String block = status + "\r\nContent-Type: application/cloudevents+json\r\n\r\n";
    return Hostile.raw(i, "status-line-header", status, t, block.getBytes(StandardCharsets.US_ASCII), HostileMessages.bytes(messages.ce(t, false)));
  }

  Headers binaryHeaders(FuzzTarget t) {
    Headers h = new Headers();
    h.put("Nats-Msg-Id", HostileMessages.msgId());
    h.put("ce-specversion", "1.0");
    h.put("ce-id", UUID.randomUUID().toString());
    h.put("ce-source", "reliability-fuzz");
    h.put("ce-type", t.type());
    h.put("ce-time", Instant.now().toString().replace(":", "%3A"));
    return h;
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
