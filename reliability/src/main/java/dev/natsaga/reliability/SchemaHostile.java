package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.impl.Headers;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fuzz run's messages against the samples' JSON schemas: valid CloudEvents of the subject's own type whose data
 * breaks the type's schema ({@code schema-invalid}: wrong types, bounds, patterns, missing fields) or does so in a
 * pathological way ({@code schema-pathological}: deep nesting, huge arrays and strings, many properties, inputs that
 * stress a pattern). None carries saga attributes. Each must be dead-lettered as {@code schema-violation} (deeper
 * nesting than the JSON parser allows: {@code invalid-cloudevent}) within {@link #BOUND}, and the consumers keep
 * working (the valid bookings of the run settle). Also {@code xss-markup}: events carrying HTML/script markup in data,
 * attributes and headers, dead-lettered like any poison and then shown by the console ({@link ConsoleFuzz}).
 */
final class SchemaHostile {

  static final String INVALID = "schema-invalid";
  static final String PATHOLOGICAL = "schema-pathological";
  static final String XSS = "xss-markup";
  static final Duration BOUND = Duration.ofSeconds(10);
  static final String CHECK = "schema-invalid and pathological payloads => dead-lettered within 10 s (replies: as schema-violation)";

  /** Markup a console must show as text. */
  static final List<String> XSS_PAYLOADS = List.of("<script>alert('natsaga-xss-1')</script>",
      "\"><img src=x onerror=alert('natsaga-xss-2')>", "<svg/onload=alert('natsaga-xss-3')>",
      "</textarea><script>alert('natsaga-xss-4')</script>", "'><iframe src=javascript:alert('natsaga-xss-5')>",
      "<a href=\"javascript:alert('natsaga-xss-6')\">x</a>", "{{constructor.constructor('alert(7)')()}}<b>natsaga-xss-7</b>",
      "</script><script>alert('natsaga-xss-8')</script>");

  private static final String DEEP = "@@nested-5000@@";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One mutation of a type's valid data. */
  private record Variant(String category, String name, Function<ObjectNode, JsonNode> data) {
  }

  private final HostileMessages base;
  private final List<FuzzTarget> targets;
  private int next = 1_000_000;

  SchemaHostile(List<FuzzTarget> targets, long seed) {
    this.targets = targets;
    this.base = new HostileMessages(targets, seed + 17, 0, false);
  }

  /** {@code rounds} rounds of every variant to every subject, then the markup messages. */
  List<Hostile> build(int rounds) {
    List<Hostile> all = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (FuzzTarget t : targets) {
        for (Variant v : variants(t)) {
          ObjectNode ce = base.ce(t, false);
          ce.set("data", v.data().apply((ObjectNode) ce.get("data")));
          all.add(structured(v.category(), v.name(), t, deepen(HostileMessages.bytes(ce)), null));
        }
      }
    }
    all.addAll(xss());
    return all;
  }

  private List<Variant> variants(FuzzTarget t) {
    List<Variant> v = new ArrayList<>();
    v.add(new Variant(INVALID, "bookingId a number", d -> d.put("bookingId", 42)));
    v.add(new Variant(INVALID, "bookingId empty", d -> d.put("bookingId", "")));
    v.add(new Variant(INVALID, "bookingId 101 characters", d -> d.put("bookingId", "b".repeat(101))));
    v.add(new Variant(INVALID, "bookingId 101 emoji (code points)", d -> d.put("bookingId", "\uD83D\uDE00".repeat(101))));
    v.add(new Variant(INVALID, "bookingId null", d -> d.putNull("bookingId")));
    v.add(new Variant(INVALID, "bookingId missing", d -> {
      d.remove("bookingId");
      return d;
    }));
    v.add(new Variant(INVALID, "data an empty object", d -> F.objectNode()));
    v.add(new Variant(INVALID, "data an array", d -> F.arrayNode().add(d)));
    if (t.type().endsWith(".authorize.v1")) {
      v.add(new Variant(INVALID, "customerId an object", d -> d.set("customerId", F.objectNode().put("x", 1))));
    }
    if (t.type().endsWith(".authorize.v1") || t.type().endsWith(".authorized.v1")) {
      v.add(new Variant(INVALID, "amount 0", d -> d.put("amount", 0)));
      v.add(new Variant(INVALID, "amount -5", d -> d.put("amount", -5)));
      v.add(new Variant(INVALID, "amount a string", d -> d.put("amount", "100")));
      v.add(new Variant(INVALID, "amount a fraction", d -> d.put("amount", 1.5)));
      v.add(new Variant(INVALID, "currency lower case", d -> d.put("currency", "eur")));
      v.add(new Variant(INVALID, "currency four letters", d -> d.put("currency", "EURO")));
      v.add(new Variant(INVALID, "currency non-ASCII letter", d -> d.put("currency", "\u00c4BC")));
      v.add(new Variant(INVALID, "currency with a trailing newline", d -> d.put("currency", "EUR\n")));
      v.add(new Variant(INVALID, "currency with a leading newline", d -> d.put("currency", "\nEUR")));
      v.add(new Variant(PATHOLOGICAL, "amount 10^40", d -> d.put("amount", BigInteger.TEN.pow(40))));
      v.add(new Variant(PATHOLOGICAL, "currency 200,000 letters then !", d -> d.put("currency", "A".repeat(200_000) + "!")));
      v.add(new Variant(PATHOLOGICAL, "amount an array of 100,000 numbers", d -> d.set("amount", numbers(100_000))));
    }
    v.add(new Variant(PATHOLOGICAL, "bookingId a 500 KB string", d -> d.put("bookingId", "x".repeat(500_000))));
    v.add(new Variant(PATHOLOGICAL, "bookingId 400 levels of nested arrays", d -> d.set("bookingId", nested(400, true))));
    v.add(new Variant(PATHOLOGICAL, "bookingId 900 levels of nested objects", d -> d.set("bookingId", nested(900, false))));
    v.add(new Variant(PATHOLOGICAL, "bookingId 5,000 levels of nested arrays (over the parser's limit)", d -> d.put("bookingId", DEEP)));
    v.add(new Variant(PATHOLOGICAL, "bookingId an array of 150,000 strings", d -> d.set("bookingId", strings(150_000))));
    v.add(new Variant(PATHOLOGICAL, "data an array of 150,000 numbers", d -> numbers(150_000)));
    v.add(new Variant(PATHOLOGICAL, "data 40,000 properties, bookingId missing", d -> {
      ObjectNode o = F.objectNode();
      for (int i = 0; i < 40_000; i++) {
        o.put("p" + i, i);
      }
      return o;
    }));
    return v;
  }

  /** Markup in the data, the CloudEvents subject, an extension and a header; no saga attributes, so dead-lettered. */
  private List<Hostile> xss() {
    List<Hostile> all = new ArrayList<>();
    for (int i = 0; i < XSS_PAYLOADS.size(); i++) {
      String p = XSS_PAYLOADS.get(i);
      FuzzTarget t = targets.get(i % targets.size());
      ObjectNode ce = base.ce(t, false);
      ((ObjectNode) ce.get("data")).put("bookingId", p.length() > 100 ? p.substring(0, 100) : p);
      ce.put("subject", p);
      ce.put("xssnote", p);
      all.add(structured(XSS, "markup in data, subject, an extension and a header: " + p, t, HostileMessages.bytes(ce), p));
    }
    return all;
  }

  private Hostile structured(String category, String variant, FuzzTarget t, byte[] payload, String headerValue) {
    Headers h = new Headers();
    h.put("Content-Type", "application/cloudevents+json");
    String id = HostileMessages.msgId();
    h.put("Nats-Msg-Id", id);
    if (headerValue != null) {
      h.put("X-Fuzz-Note", headerValue);
    }
    return new Hostile(next++, category, variant, t, h, payload, id);
  }

  /** Nesting Jackson will not write (its default limit is 1,000 levels), spliced into the bytes in place of {@link #DEEP}. */
  private static byte[] deepen(byte[] json) {
    String s = new String(json, StandardCharsets.UTF_8);
    return s.contains(DEEP) ? s.replace("\"" + DEEP + "\"", "[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8) : json;
  }

  private static JsonNode nested(int depth, boolean arrays) {
    JsonNode leaf = TextNode.valueOf("deep");
    JsonNode n = leaf;
    for (int i = 0; i < depth; i++) {
      n = arrays ? F.arrayNode().add(n) : F.objectNode().set("a", n);
    }
    return n;
  }

  private static ArrayNode numbers(int n) {
    ArrayNode a = F.arrayNode();
    for (int i = 0; i < n; i++) {
      a.add(i);
    }
    return a;
  }

  private static ArrayNode strings(int n) {
    ArrayNode a = F.arrayNode();
    for (int i = 0; i < n; i++) {
      a.add("s");
    }
    return a;
  }

  /**
   * Every schema message JetStream stored reached the DLQ as {@code schema-violation} (or, nested deeper than the
   * parser allows, {@code invalid-cloudevent}) within {@link #BOUND} of its publish.
   */
  static void check(Report report, List<Hostile> sent, Map<String, List<Streams.Stored>> dlqByPosition) {
    Report.Check c = report.check(CHECK);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (Hostile h : sent) {
      if (!h.category.equals(INVALID) && !h.category.equals(PATHOLOGICAL)) {
        continue;
      }
      if (!h.acked()) {
        c.fail(h + ": not stored (" + h.refused + ")");
        continue;
      }
      List<Streams.Stored> d = dlqByPosition.getOrDefault(h.stream + ":" + h.seq, List.of());
      String reason = d.isEmpty() ? "not dead-lettered" : d.get(0).header("Natsaga-Dlq-Reason");
      long ms = d.isEmpty() ? -1 : delayMillis(h, d.get(0));
      c.verify(expected(h).contains(reason) && ms >= 0 && ms <= BOUND.toMillis(),
          h.category + "/" + h.variant + " to " + h.target.subject() + ": " + reason + " after " + ms + " ms");
      outcomes.merge(h.category + (h.target.isCommand() ? " (commands)" : " (replies)") + ": " + reason, 1, Integer::sum);
    }
    report.figure("schema payloads: outcome", outcomes);
  }

  /**
   * The booking service validates what it consumes ({@code SchemaModule.validating}): {@code schema-violation}, or
   * {@code invalid-cloudevent} for nesting beyond the parser's limit. The payment service is a saga participant and
   * validates what it publishes only ({@code SchemaModule.publishOnly}: it answers a bad command of a saga with a
   * declined reply); these commands carry no saga, so it dead-letters them for that ({@code non-retryable}) or
   * because they do not bind ({@code payload-binding}, {@code invalid-cloudevent}).
   */
  private static Set<String> expected(Hostile h) {
    if (h.variant.startsWith("amount 10^40")) {
      // JSON Schema's "integer" has no size: the samples' schemas (minimum 1, no maximum) accept it; it then fails to bind
      // to the long amount (payload-binding) or, carrying no saga, is dead-lettered for that (non-retryable)
      return Set.of("schema-violation", "payload-binding", "non-retryable");
    }
    if (h.target.isCommand()) {
      return Set.of("non-retryable", "payload-binding", "invalid-cloudevent", "schema-violation");
    }
    return h.variant.contains("parser's limit") ? Set.of("schema-violation", "invalid-cloudevent") : Set.of("schema-violation");
  }

  private static long delayMillis(Hostile h, Streams.Stored d) {
    try {
      return Math.max(0, Duration.between(h.publishedAt, java.time.Instant.parse(d.header("Natsaga-Dlq-Time"))).toMillis());
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
