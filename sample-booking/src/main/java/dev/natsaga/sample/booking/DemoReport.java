package dev.natsaga.sample.booking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookings {@code demo.sh} makes against running booking and payment services, and the report it
 * prints: each outcome with its saga's timeline, as rendered by {@code SagaTimeline} behind
 * {@code GET /sagas/{sagaId}/outcome}. Exits 1 when an outcome is not the expected one.
 *
 * <pre>{@code
 * java -cp natsaga-sample-booking.jar dev.natsaga.sample.booking.DemoReport http://127.0.0.1:8080 http://127.0.0.1:8081
 * }</pre>
 */
public final class DemoReport {

  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String bookingUrl;
  private final String paymentUrl;
  private final PrintStream out;

  private record Case(String number, String title, Map<String, Object> request, String expected, String expectedPayment) {
  }

  private DemoReport(String bookingUrl, String paymentUrl, PrintStream out) {
    this.bookingUrl = bookingUrl;
    this.paymentUrl = paymentUrl;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DemoReport <booking service URL> <payment service URL>");
      System.exit(2);
    }
    System.exit(run(args[0], args[1], System.out) ? 0 : 1);
  }

  /** Makes the three bookings and prints the report to {@code out}; true when every outcome is the expected one. */
  static boolean run(String bookingUrl, String paymentUrl, PrintStream out) throws IOException, InterruptedException {
    DemoReport report = new DemoReport(bookingUrl, paymentUrl, out);
    boolean allOk = report.run();
    out.println();
    out.println(allOk ? "all three outcomes as expected" : "SOME OUTCOMES WERE NOT AS EXPECTED");
    return allOk;
  }

  private boolean run() throws IOException, InterruptedException {
    List<Case> cases = List.of(
        new Case("1", "alice books chair-1 at 10:00 for 45.00 EUR, paying by card (sent encrypted)",
            withCard(request("alice", "chair-1", 4500)), "CONFIRMED", "CAPTURED"),
        new Case("2", "bob books chair-2 at 10:00 for 2500.00 EUR (above the payment limit of 1000.00)",
            request("bob", "chair-2", 250000), "CANCELLED", "DECLINED"),
        new Case("3", "carol books chair-1 at 10:00, the slot alice holds", request("carol", "chair-1", 4500), "CANCELLED", null));
    List<JsonNode> accepted = new ArrayList<>();
    for (Case c : cases) {
      Reply reply = call("POST", bookingUrl + "/bookings", Json.mapper().writeValueAsString(c.request()));
      if (reply.status() != 202) {
        out.println("booking " + c.number() + " was refused: HTTP " + reply.status() + " " + reply.body());
        return false;
      }
      out.println("  POST /bookings #" + c.number() + " -> 202 " + reply.body());
      accepted.add(reply.body());
    }
    boolean allOk = true;
    for (int i = 0; i < cases.size(); i++) {
      allOk &= report(cases.get(i), accepted.get(i));
    }
    return allOk;
  }

  private boolean report(Case c, JsonNode accepted) throws IOException, InterruptedException {
    String bookingId = accepted.get("bookingId").asText();
    JsonNode outcome = call("GET", bookingUrl + "/sagas/" + accepted.get("sagaId").asText() + "/outcome", null).body();
    JsonNode booking = settledBooking(bookingId);
    Reply payment = call("GET", paymentUrl + "/payments/" + bookingId, null);
    String paymentText = payment.status() == 200 ? payment.body().get("status").asText() : "none (HTTP " + payment.status() + ")";
    boolean ok = booking.get("status").asText().equals(c.expected())
        && (c.expectedPayment() != null ? paymentText.equals(c.expectedPayment()) : payment.status() == 404);
    out.println();
    out.println("Booking " + c.number() + ": " + c.title());
    out.println("  booking " + bookingId + "  ->  " + booking.get("status").asText() + reason(booking));
    out.println("  payment " + paymentText + (payment.status() == 200 ? card(payment.body()) + reason(payment.body()) : ""));
    outcome.get("timeline").asText().lines().forEach(line -> out.println("  " + line));
    out.println("  expected " + c.expected() + ", payment " + (c.expectedPayment() == null ? "none" : c.expectedPayment())
        + ": " + (ok ? "OK" : "NOT AS EXPECTED"));
    return ok;
  }

  /** The booking once its own status has left PENDING (it follows the saga's end), or as it is after {@link #SETTLE}. */
  private JsonNode settledBooking(String bookingId) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      Reply reply = call("GET", bookingUrl + "/bookings/" + bookingId, null);
      if (reply.status() == 200 && !"PENDING".equals(reply.body().get("status").asText()) || System.nanoTime() > deadline) {
        return reply.body();
      }
      Thread.sleep(200);
    }
  }

  private static String card(JsonNode payment) {
    return payment.hasNonNull("card") ? " on card " + payment.get("card").asText() : "";
  }

  /** The request with a test card (a Luhn-valid number that no real card has). */
  private static Map<String, Object> withCard(Map<String, Object> request) {
    request.put("card", Map.of("number", "4242 4242 4242 4242", "holder", "Alice Example", "expiry", "12/30"));
    return request;
  }

  private static String reason(JsonNode body) {
    JsonNode reason = body.get("reason");
    return reason == null || reason.isNull() ? "" : "  (reason: " + reason.asText() + ")";
  }

  private static Map<String, Object> request(String customer, String chair, long amount) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", customer);
    body.put("serviceId", "haircut");
    body.put("slotId", chair + "@2026-12-01T10:00");
    body.put("startTime", "2026-12-01T10:00:00Z");
    body.put("endTime", "2026-12-01T10:30:00Z");
    body.put("amount", amount);
    body.put("currency", "EUR");
    return body;
  }

  private record Reply(int status, JsonNode body) {
  }

  private Reply call(String method, String url, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(SETTLE.plusSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Reply(response.statusCode(), Json.mapper().readTree(body == null || body.isEmpty() ? "null" : body));
  }
}
