package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bad HTTP input to both services: malformed JSON, wrong field types, missing fields, zero and negative amounts,
 * oversized bodies, unknown routes and methods. Each must get a 4xx with a JSON body carrying a message; that no
 * booking or saga was started is checked in the database at the end (every booking there was accepted with a 202).
 */
final class HttpBadInput {

  static final String INVARIANT = "bad HTTP input => 4xx with a JSON message";

  /** One case. */
  record Case(String name, String service, String method, String path, byte[] body, String contentType) {
  }

  private final Deployment d;
  private final Report report;

  HttpBadInput(Deployment d, Report report) {
    this.d = d;
    this.report = report;
  }

  static Map<String, Object> valid() {
    return Http.map("customerId", "c-bad-input", "serviceId", "s-1", "slotId", "slot-bad-input", "startTime", "2032-01-01T10:00:00Z",
        "endTime", "2032-01-01T11:00:00Z", "amount", 1000, "currency", "EUR");
  }

  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    String[] malformed = {"", "{", "}", "not json", "{\"customerId\":}", "{'customerId':'c'}", "[]", "null", "\"a string\"", "42", "true",
        "{\"customerId\":\"c\",}", "\u0000\u0001", "{\"a\":1}{\"b\":2", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};
    for (String m : malformed) {
      c.add(post("malformed JSON: " + printable(m), m.getBytes(StandardCharsets.UTF_8)));
    }
    byte[] validBody = HostileMessages.bytes(valid());
    c.add(post("a valid body followed by garbage", concat(validBody, " trailing garbage".getBytes(StandardCharsets.UTF_8))));
    c.add(post("a valid body followed by a second object", concat(validBody, validBody)));
    c.add(post("deeply nested JSON (5,000 levels)", ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8)));
    c.add(post("invalid UTF-8 in a field", splice("{\"customerId\":\"@@\"}", new byte[] {(byte) 0xC3, 0x28})));
    for (String field : valid().keySet()) {
      ObjectNode n = Http.JSON.valueToTree(valid());
      n.remove(field);
      c.add(post("missing field " + field, HostileMessages.bytes(n)));
      ObjectNode nul = Http.JSON.valueToTree(valid());
      nul.putNull(field);
      c.add(post("null field " + field, HostileMessages.bytes(nul)));
    }
    Object[][] wrongTypes = {{"amount", "1000"}, {"amount", "abc"}, {"amount", 10.5}, {"amount", true}, {"amount", new int[] {1}},
        {"amount", Map.of("v", 1)}, {"customerId", 123}, {"customerId", ""}, {"customerId", "   "}, {"customerId", "x".repeat(201)},
        {"slotId", List.of("a")}, {"serviceId", false}, {"startTime", "yesterday"}, {"startTime", 1700000000}, {"endTime", "2032-13-45T99:00:00Z"},
        {"endTime", "2032-01-01T09:00:00Z"}, {"endTime", "2032-01-01T10:00:00Z"}, {"currency", "euro"}, {"currency", "EURO"}, {"currency", 978},
        {"currency", "€"}, {"amount", 0}, {"amount", -1}, {"amount", -9223372036854775808L}, {"amount", new java.math.BigInteger("99999999999999999999")},
        {"amount", 1e30}};
    for (Object[] w : wrongTypes) {
      ObjectNode n = Http.JSON.valueToTree(valid());
      n.set((String) w[0], Http.JSON.valueToTree(w[1]));
      c.add(post("field " + w[0] + " = " + printable(String.valueOf(n.get((String) w[0]))), HostileMessages.bytes(n)));
    }
    byte[] big = new byte[200 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] bigJson = ("{\"customerId\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    c.add(post("oversized body: 200 KB of spaces", big));
    c.add(post("oversized body: 300 KB JSON", bigJson));
    c.add(post("oversized body: 3 MB", new byte[3 * 1024 * 1024]));
    c.add(new Case("unknown route GET /nope", "booking", "GET", "/nope", null, null));
    c.add(new Case("unknown route GET /bookings", "booking", "GET", "/bookings", null, null));
    c.add(new Case("unknown route GET /bookings/", "booking", "GET", "/bookings/", null, null));
    c.add(new Case("unknown route GET /bookings/a/b", "booking", "GET", "/bookings/a/b", null, null));
    c.add(new Case("unknown booking GET /bookings/{random}", "booking", "GET", "/bookings/" + java.util.UUID.randomUUID(), null, null));
    c.add(new Case("unknown saga GET /sagas/{random}", "booking", "GET", "/sagas/" + java.util.UUID.randomUUID(), null, null));
    c.add(new Case("saga id not a UUID GET /sagas/x", "booking", "GET", "/sagas/not-a-uuid", null, null));
    c.add(new Case("path traversal GET /bookings/..%2F..%2Fhealth", "booking", "GET", "/bookings/..%2F..%2Fhealth", null, null));
    c.add(new Case("wrong method PUT /bookings", "booking", "PUT", "/bookings", HostileMessages.bytes(valid()), "application/json"));
    c.add(new Case("wrong method DELETE /bookings/x", "booking", "DELETE", "/bookings/x", null, null));
    c.add(new Case("wrong method PATCH /bookings", "booking", "PATCH", "/bookings", HostileMessages.bytes(valid()), "application/json"));
    c.add(new Case("wrong method POST /health", "booking", "POST", "/health", new byte[0], "application/json"));
    c.add(new Case("wrong method POST /sagas/x", "booking", "POST", "/sagas/x", new byte[0], "application/json"));
    c.add(new Case("wrong method OPTIONS /bookings", "booking", "OPTIONS", "/bookings", null, null));
    c.add(new Case("unknown route payment GET /nope", "payment", "GET", "/nope", null, null));
    c.add(new Case("unknown payment GET /payments/{random}", "payment", "GET", "/payments/" + java.util.UUID.randomUUID(), null, null));
    c.add(new Case("wrong method payment POST /payments/x", "payment", "POST", "/payments/x", HostileMessages.bytes(valid()), "application/json"));
    c.add(new Case("wrong method payment DELETE /payments/x", "payment", "DELETE", "/payments/x", null, null));
    c.add(new Case("unknown route payment POST /bookings", "payment", "POST", "/bookings", HostileMessages.bytes(valid()), "application/json"));
    return c;
  }

  /** Sends every case (in a random order, spaced over {@code spread}) and checks each answer. */
  void run(Duration spread, long seed) {
    List<Case> all = new ArrayList<>(cases());
    java.util.Collections.shuffle(all, new java.util.Random(seed));
    long pause = Math.max(0, spread.toMillis() / Math.max(1, all.size()));
    Report.Check check = report.check(INVARIANT);
    for (Case c : all) {
      ServiceProcess service = "booking".equals(c.service()) ? d.booking() : d.payment();
      Http.Response r = d.http().method(c.method(), service.url(c.path()), c.body(), c.contentType(), Duration.ofSeconds(20));
      check.verify(acceptable(r), c.name() + " -> " + r);
      ServiceProcess.sleep(pause);
    }
    report.figure("bad HTTP requests sent", all.size());
  }

  /** 4xx and a JSON object with a non-empty {@code error} or {@code message}. */
  static boolean acceptable(Http.Response r) {
    if (r.status() < 400 || r.status() > 499) {
      return false;
    }
    JsonNode j = r.json();
    if (j == null || !j.isObject()) {
      return false;
    }
    JsonNode m = j.hasNonNull("error") ? j.get("error") : j.get("message");
    return m != null && m.isTextual() && !m.asText().isBlank();
  }

  private Case post(String name, byte[] body) {
    return new Case(name, "booking", "POST", "/bookings", body, "application/json");
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7E]", "?");
    return p.length() > 40 ? p.substring(0, 40) + "..." : p;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] splice(String template, byte[] insert) {
    int at = template.indexOf("@@");
    byte[] head = template.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = template.substring(at + 2).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + insert.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(insert, 0, out, head.length, insert.length);
    System.arraycopy(tail, 0, out, head.length + insert.length, tail.length);
    return out;
  }
}
