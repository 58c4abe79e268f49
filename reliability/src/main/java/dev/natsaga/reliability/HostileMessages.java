package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Builds the fuzz run's hostile messages: every one is malformed at some level (bytes, JSON, CloudEvents envelope,
 * content mode, type, payload, saga attributes, headers, size), so the only right outcomes are a dead letter with a
 * reason or a refusal at publish. None carries a usable saga command or reply, so none can cause a side effect.
 * Message {@code i} rotates through the categories, and through the target subjects per round of categories. The
 * header-level categories are built by {@link HostileHeaders}; both draw from one seeded {@link Random}, so a seed
 * gives the same messages as before the split.
 */
final class HostileMessages {

  static final int MAX_PAYLOAD = 1024 * 1024;

  static final List<String> CATEGORIES = List.of(
      "garbage-bytes", "empty-payload", "truncated-json", "invalid-json", "json-not-cloudevent", "wrong-specversion",
      "missing-attribute", "wrong-typed-attribute", "unknown-type", "invalid-type", "payload-does-not-bind", "no-saga-attributes",
      "invalid-utf8", "binary-bad-percent-encoding", "binary-missing-attribute", "binary-wrong-specversion", "binary-invalid-attribute",
      "no-headers", "unsupported-content-type", "huge-header", "status-line-header");

  /**
   * Header blocks outside the NATS protocol: bytes beyond printable ASCII in a header value (invalid UTF-8 too), a
   * line without a colon, a non-ASCII header name, a version line other than NATS/1.0. nats-server stores and
   * delivers them; the receiving jnats 2.26.2 client's reader thread dies on them (IncomingHeadersProcessor throws an
   * IllegalArgumentException that NatsConnectionReader.run does not handle), so that service's connection stops
   * receiving anything while it still reports CONNECTED. Sent only with --known-defects (reliability/README.md).
   */
  static final String KNOWN_DEFECT_CATEGORY = "protocol-invalid-header-block";

  private final List<String> categories;
  private final List<FuzzTarget> targets;
  private final Random random;
  private final int largeEvery;
  private final HostileHeaders headers;
  private int largeCount;

  /** @param largeEvery one message in this many is a ~1 MB one (sizes at and around the server's max_payload) */
  HostileMessages(List<FuzzTarget> targets, long seed, int largeEvery, boolean knownDefects) {
    List<String> c = new java.util.ArrayList<>(CATEGORIES);
    if (knownDefects) {
      c.add(KNOWN_DEFECT_CATEGORY);
    }
    this.categories = List.copyOf(c);
    this.targets = targets;
    this.random = new Random(seed);
    this.largeEvery = largeEvery;
    this.headers = new HostileHeaders(this, random);
  }

  Hostile build(int i) {
    if (largeEvery > 0 && i % largeEvery == largeEvery - 1) {
      return large(i, targets.get(largeCount % targets.size()));
    }
    String category = categories.get(i % categories.size());
    FuzzTarget t = targets.get((i / categories.size()) % targets.size());
    return switch (category) {
      case "garbage-bytes" -> garbage(i, t);
      case "empty-payload" -> structured(i, "empty-payload", "structured content type, no bytes", t, new byte[0]);
      case "truncated-json" -> truncated(i, t);
      case "invalid-json" -> invalidJson(i, t);
      case "json-not-cloudevent" -> notCloudEvent(i, t);
      case "wrong-specversion" -> wrongSpecVersion(i, t);
      case "missing-attribute" -> missingAttribute(i, t);
      case "wrong-typed-attribute" -> wrongTypedAttribute(i, t);
      case "unknown-type" -> unknownType(i, t);
      case "invalid-type" -> invalidType(i, t);
      case "payload-does-not-bind" -> unbound(i, t);
      case "no-saga-attributes" -> structured(i, "no-saga-attributes", "valid event, no sagaid/sagastep", t, bytes(ce(t, false)));
      case "invalid-utf8" -> invalidUtf8(i, t);
      case "binary-bad-percent-encoding" -> headers.badPercent(i, t);
      case "binary-missing-attribute" -> headers.binaryMissing(i, t);
      case "binary-wrong-specversion" -> headers.binaryWrongVersion(i, t);
      case "binary-invalid-attribute" -> headers.binaryInvalid(i, t);
      case "no-headers" -> headers.noHeaders(i, t);
      case "unsupported-content-type" -> headers.unsupportedContentType(i, t);
      case "huge-header" -> headers.hugeHeader(i, t);
      case "status-line-header" -> headers.statusLine(i, t);
      case KNOWN_DEFECT_CATEGORY -> headers.malformedHeaderBlock(i, t);
      default -> throw new IllegalStateException(category);
    };
  }

  // ---- valid baseline ----

  /** A valid CloudEvent of the target's type with data that binds; with or without saga attributes. */
  ObjectNode ce(FuzzTarget t, boolean sagaAttributes) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("specversion", "1.0");
    n.put("id", UUID.randomUUID().toString());
    n.put("source", "reliability-fuzz");
    n.put("type", t.type());
    n.put("time", Instant.now().toString());
    n.put("datacontenttype", "application/json");
    n.put("subject", "fuzz-" + random.nextInt(1_000_000));
    if (sagaAttributes) {
      n.put("sagaid", UUID.randomUUID().toString());
      n.put("sagastep", "authorize-payment");
      n.put("commandid", UUID.randomUUID().toString());
    }
    n.set("data", data(t));
    return n;
  }

  ObjectNode data(FuzzTarget t) {
    ObjectNode d = Http.JSON.createObjectNode();
    d.put("bookingId", "fuzz-" + random.nextInt(1_000_000));
    if (t.type().endsWith(".authorize.v1")) {
      d.put("customerId", "fuzzer");
    }
    if (!t.type().endsWith(".capture.v1")) {
      d.put("amount", 1 + random.nextInt(1000));
      d.put("currency", "EUR");
    }
    if (t.type().endsWith(".authorized.v1") || t.type().endsWith(".captured.v1")) {
      d.put("paymentId", UUID.randomUUID().toString());
    }
    return d;
  }

  // ---- categories ----

  private Hostile garbage(int i, FuzzTarget t) {
    byte[] b = new byte[1 + random.nextInt(2048)];
    random.nextBytes(b);
    return random.nextBoolean() ? structured(i, "garbage-bytes", "structured content type", t, b)
        : new Hostile(i, "garbage-bytes", "no headers", t, null, b, null);
  }

  private Hostile truncated(int i, FuzzTarget t) {
    byte[] full = bytes(ce(t, true));
    int cut = 1 + random.nextInt(full.length - 2);
    return structured(i, "truncated-json", "cut at byte " + cut + " of " + full.length, t, Arrays.copyOf(full, cut));
  }

  private static final String[] INVALID_JSON = {
      "{\"specversion\":\"1.0\",", "{'specversion':'1.0'}", "{\"specversion\":\"1.0\",\"id\":}", "{\"a\":NaN}", "{\"a\":1,}",
      "{\"specversion\" \"1.0\"}", "{{}}", "}", "{\"data\":[1,2,3}", "\u0000\u0001\u0002", "{\"id\":\"x\"}}}}", "nul", "{\"a\":\"\\x\"}",
      "<cloudevent/>"};

  private Hostile invalidJson(int i, FuzzTarget t) {
    String s = INVALID_JSON[random.nextInt(INVALID_JSON.length)];
    return structured(i, "invalid-json", s.length() > 30 ? s.substring(0, 30) : s, t, s.getBytes(StandardCharsets.UTF_8));
  }

  private static final String[] NOT_CE = {"{}", "[]", "\"a string\"", "42", "null", "true", "{\"hello\":\"world\"}",
      "[{\"specversion\":\"1.0\"}]", "{\"data\":{\"bookingId\":\"b\"}}"};

  private Hostile notCloudEvent(int i, FuzzTarget t) {
    String s = NOT_CE[random.nextInt(NOT_CE.length)];
    return structured(i, "json-not-cloudevent", s, t, s.getBytes(StandardCharsets.UTF_8));
  }

  private Hostile wrongSpecVersion(int i, FuzzTarget t) {
    ObjectNode n = ce(t, false);
    switch (random.nextInt(6)) {
      case 0 -> n.put("specversion", "2.0");
      case 1 -> n.put("specversion", "1.1");
      case 2 -> n.put("specversion", "");
      case 3 -> n.put("specversion", 1.0);
      case 4 -> n.putNull("specversion");
      default -> n.put("specversion", "0.1");
    }
    return structured(i, "wrong-specversion", String.valueOf(n.get("specversion")), t, bytes(n));
  }

  private Hostile missingAttribute(int i, FuzzTarget t) {
    ObjectNode n = ce(t, false);
    String drop = new String[] {"specversion", "id", "source", "type"}[random.nextInt(4)];
    n.remove(drop);
    return structured(i, "missing-attribute", "no " + drop, t, bytes(n));
  }

  private Hostile wrongTypedAttribute(int i, FuzzTarget t) {
    ObjectNode n = ce(t, false);
    String variant;
    switch (random.nextInt(12)) {
      case 0 -> { n.put("id", 123); variant = "id number"; }
      case 1 -> { n.set("id", Http.JSON.createObjectNode()); variant = "id object"; }
      case 2 -> { n.put("id", ""); variant = "id empty"; }
      case 3 -> { n.put("source", "has spaces and {braces}"); variant = "source not a URI-reference"; }
      case 4 -> { n.put("source", 42); variant = "source number"; }
      case 5 -> { n.put("type", 7); variant = "type number"; }
      case 6 -> { n.put("time", "yesterday"); variant = "time not RFC 3339"; }
      case 7 -> { n.put("time", 1700000000); variant = "time number"; }
      case 8 -> { n.set("subject", Http.JSON.createArrayNode().add(1)); variant = "subject array"; }
      case 9 -> { n.put("datacontenttype", 5); variant = "datacontenttype number"; }
      case 10 -> { n.put("dataschema", "::not a uri::"); variant = "dataschema not a URI"; }
      default -> { n.put("Bad_Extension-Name", "x"); variant = "extension name not lower-case alphanumeric"; }
    }
    return structured(i, "wrong-typed-attribute", variant, t, bytes(n));
  }

  private Hostile unknownType(int i, FuzzTarget t) {
    ObjectNode n = ce(t, true);
    String other = t.type().replaceFirst("\\.[a-z]+\\.v1$", random.nextBoolean() ? ".teleport.v1" : ".settled.v9");
    n.put("type", other);
    return structured(i, "unknown-type", other + " on the subject of " + t.type(), t, bytes(n));
  }

  private static final String[] INVALID_TYPES = {"Payment.Transaction.Authorize.V1", "payment.transaction.authorize",
      "payment transaction authorize v1", "payment..authorize.v1", "x", "payment.transaction.authorize.v1.extra", "dlq.a.b.v1",
      "payment.transaction.authorize.vX"};

  private Hostile invalidType(int i, FuzzTarget t) {
    ObjectNode n = ce(t, true);
    String type = INVALID_TYPES[random.nextInt(INVALID_TYPES.length)];
    n.put("type", type);
    return structured(i, "invalid-type", type, t, bytes(n));
  }

  /** Commands: data that cannot bind to the command's class. Replies (bound by the engine only for a known saga): a sagaid that is no UUID. */
  private Hostile unbound(int i, FuzzTarget t) {
    ObjectNode n = ce(t, true);
    String variant;
    switch (random.nextInt(7)) {
      case 0 -> { n.put("data", "a string, not an object"); variant = "data string"; }
      case 1 -> { n.set("data", Http.JSON.createArrayNode().add(1).add(2)); variant = "data array"; }
      case 2 -> {
        if (t.type().endsWith(".capture.v1")) {
          ((ObjectNode) n.get("data")).set("bookingId", Http.JSON.createArrayNode().add("b"));
          variant = "bookingId array";
        } else {
          ((ObjectNode) n.get("data")).put("amount", "lots");
          variant = "amount text";
        }
      }
      case 3 -> { ((ObjectNode) n.get("data")).set("bookingId", Http.JSON.createObjectNode().put("x", 1)); variant = "bookingId object"; }
      case 4 -> { n.put("data", 12345); variant = "data number"; }
      case 5 -> { n.remove("data"); variant = "no data"; }
      default -> { n.remove("data"); n.put("data_base64", "bm90IGpzb24gYXQgYWxs"); variant = "data_base64 not JSON"; }
    }
    if (!t.isCommand()) {
      n.put("sagaid", "not-a-uuid-" + random.nextInt(1000));
      variant += ", sagaid not a UUID";
    }
    return structured(i, "payload-does-not-bind", variant, t, bytes(n));
  }

  private Hostile invalidUtf8(int i, FuzzTarget t) {
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    byte[] b = bad[random.nextInt(bad.length)];
    if (random.nextBoolean()) {
      String json = ce(t, false).toString().replace("\"reliability-fuzz\"", "\"reliability-fuzz@@\"");
      return structured(i, "invalid-utf8", "in an attribute (structured)", t, splice(json.getBytes(StandardCharsets.UTF_8), "@@", b));
    }
    Headers h = headers.binaryHeaders(t);
    h.put("Content-Type", "application/json");
    byte[] data = splice("{\"bookingId\":\"@@\",\"amount\":1,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8), "@@", b);
    return new Hostile(i, "invalid-utf8", "in the data (binary mode)", t, h, data, msgId());
  }

  /** ~1 MB messages: under the limit (dead-lettered, also when the dead letter's own headers push it over), or over it (refused). */
  private Hostile large(int i, FuzzTarget t) {
    int[] sizes = {700_000, 1_000_000, MAX_PAYLOAD - 2_000, MAX_PAYLOAD - 300, MAX_PAYLOAD + 1, 2 * MAX_PAYLOAD};
    int size = sizes[largeCount++ % sizes.length];
    byte[] b = new byte[size];
    random.nextBytes(b);
    if (size > MAX_PAYLOAD && largeCount % 2 == 0) {
      String block = "NATS/1.0\r\nContent-Type: application/cloudevents+json\r\n\r\n";
      return Hostile.raw(i, "large-payload", size + " bytes, sent raw (the server must refuse it)", t,
          block.getBytes(StandardCharsets.US_ASCII), b);
    }
    return structured(i, "large-payload", size + " bytes" + (size > MAX_PAYLOAD ? " (over max_payload)" : ""), t, b);
  }

  // ---- helpers ----

  private Hostile structured(int i, String category, String variant, FuzzTarget t, byte[] payload) {
    Headers h = new Headers();
    h.put("Content-Type", "application/cloudevents+json");
    String id = msgId();
    h.put("Nats-Msg-Id", id);
    return new Hostile(i, category, variant, t, h, payload, id);
  }

  static String msgId() {
    return "fuzz-" + UUID.randomUUID();
  }

  static byte[] bytes(Object json) {
    try {
      return Http.JSON.writeValueAsBytes(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] splice(byte[] text, String marker, byte[] insert) {
    String s = new String(text, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(text, 0, at);
    out.writeBytes(insert);
    out.write(text, at + marker.length(), text.length - at - marker.length());
    return out.toByteArray();
  }
}
