package dev.natsaga.sample.booking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON HTTP client for the tests. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {
  }

  /** A status and a parsed JSON body. */
  record Response(int status, JsonNode body) {
    String text(String field) {
      JsonNode v = body.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  static Response get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static Response post(String url, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Posts JSON with extra request headers (e.g. the gateway's {@code X-Forwarded-User}). */
  static Response post(String url, String json, java.util.Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return send(request);
  }

  static Response send(String method, String url, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)));
  }

  private static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), Json.mapper().readTree(r.body()));
  }
}
