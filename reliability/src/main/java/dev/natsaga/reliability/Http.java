package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON HTTP client for 127.0.0.1: never throws for transport problems, which come back as status -1 with
 * the error (a killed service refuses connections, and the runs count that).
 */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(3)).build();

  /** A response: {@code status} -1 when the request failed in transport ({@code error} says why). */
  record Response(int status, String body, String error) {

    /** The body as JSON, or null when it is not JSON. */
    JsonNode json() {
      if (body == null || body.isEmpty()) {
        return null;
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    String text(String field) {
      JsonNode j = json();
      return j == null || j.get(field) == null || j.get(field).isNull() ? null : j.get(field).asText();
    }

    @Override
    public String toString() {
      return status == -1 ? "transport error: " + error : status + " " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  Response get(String url) {
    return get(url, DEFAULT_TIMEOUT);
  }

  Response get(String url, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
  }

  Response postJson(String url, Object body) {
    try {
      return post(url, JSON.writeValueAsBytes(body), "application/json");
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  Response post(String url, byte[] body, String contentType) {
    return method("POST", url, body, contentType, DEFAULT_TIMEOUT);
  }

  Response method(String method, String url, byte[] body, String contentType, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), null);
    } catch (IOException e) {
      return new Response(-1, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, null, "interrupted");
    }
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
