package dev.natsaga.sample.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonHttpServerTest {

  private static JsonHttpServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new JsonHttpServer(0)
        .get("/items/{id}", req -> {
          if (req.path("id").equals("missing")) {
            throw HttpError.notFound("item missing not found");
          }
          return HttpResponse.ok(Map.of("id", req.path("id")));
        })
        .post("/items", req -> {
          JsonBody body = req.json();
          return HttpResponse.accepted(Map.of("name", body.text("name"), "amount", body.positiveLong("amount"),
              "currency", body.currency("currency"), "at", body.timestamp("at").toString()));
        })
        .get("/boom", req -> {
          throw new IllegalStateException("boom");
        })
        .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void routesWithPathVariablesAndJsonBodies() throws Exception {
    assertThat(get("/items/42")).isEqualTo("200 {\"id\":\"42\"}");
    assertThat(post("/items", "{\"name\":\"a\",\"amount\":5,\"currency\":\"EUR\",\"at\":\"2026-12-01T10:00:00Z\"}"))
        .startsWith("202 ").contains("\"amount\":5");
  }

  @Test
  void badBodiesAre400NamingTheField() throws Exception {
    assertThat(post("/items", "{\"name\":\"a\",\"currency\":\"EUR\",\"at\":\"2026-12-01T10:00:00Z\"}"))
        .isEqualTo("400 {\"error\":\"field 'amount' is required\"}");
    assertThat(post("/items", "{\"name\":\"a\",\"amount\":-3,\"currency\":\"EUR\",\"at\":\"2026-12-01T10:00:00Z\"}"))
        .isEqualTo("400 {\"error\":\"field 'amount' must be a positive integer\"}");
    assertThat(post("/items", "{\"name\":\"a\",\"amount\":\"5\",\"currency\":\"EUR\",\"at\":\"2026-12-01T10:00:00Z\"}"))
        .contains("field 'amount' must be a positive integer");
    assertThat(post("/items", "{\"name\":\"a\",\"amount\":5,\"currency\":\"euro\",\"at\":\"2026-12-01T10:00:00Z\"}"))
        .contains("field 'currency'");
    assertThat(post("/items", "{\"name\":\"a\",\"amount\":5,\"currency\":\"EUR\",\"at\":\"tomorrow\"}"))
        .contains("field 'at' must be an RFC 3339 timestamp");
    assertThat(post("/items", "{\"name\":")).startsWith("400 ").contains("not valid JSON");
    assertThat(post("/items", "[1,2]")).isEqualTo("400 {\"error\":\"request body must be a JSON object\"}");
    assertThat(post("/items", "")).startsWith("400 ").contains("request body is required");
  }

  @Test
  void unknownRoutesMethodsOversizedBodiesAndFailuresAreJsonErrors() throws Exception {
    assertThat(get("/nothing")).isEqualTo("404 {\"error\":\"no route for GET /nothing\"}");
    assertThat(get("/items/missing")).isEqualTo("404 {\"error\":\"item missing not found\"}");
    assertThat(post("/items/42", "{}")).isEqualTo("405 {\"error\":\"method POST is not allowed on /items/42\"}");
    assertThat(post("/items", "{\"name\":\"" + "x".repeat(70_000) + "\"}")).startsWith("413 ");
    assertThat(get("/boom")).isEqualTo("500 {\"error\":\"internal error: IllegalStateException\"}");
  }

  /** Found by reliability/run.sh fuzz: a valid body followed by more was accepted, and big bodies lost their 413. */
  @Test
  void trailingContentIs400AndBodiesOfMegabytesGet413() throws Exception {
    String valid = "{\"name\":\"a\",\"amount\":5,\"currency\":\"EUR\",\"at\":\"2026-12-01T10:00:00Z\"}";
    assertThat(post("/items", valid + " garbage")).startsWith("400 ").contains("not valid JSON");
    assertThat(post("/items", valid + valid)).startsWith("400 ").contains("not valid JSON");
    assertThat(post("/items", valid + "\n")).startsWith("202 ");
    for (int size : new int[] {1_000_000, 3_000_000, 10_000_000}) {
      for (int i = 0; i < 5; i++) {
        var r = CLIENT.send(java.net.http.HttpRequest.newBuilder(uri("/items")).POST(BodyPublishers.ofByteArray(new byte[size])).build(),
            BodyHandlers.ofString());
        assertThat(r.statusCode() + " " + r.body()).as("a body of %d bytes", size).startsWith("413 {\"error\":");
      }
    }
  }

  private static String get(String path) throws Exception {
    var r = CLIENT.send(java.net.http.HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static String post(String path, String body) throws Exception {
    var r = CLIENT.send(java.net.http.HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(body)).build(),
        BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
