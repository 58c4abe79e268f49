package dev.natsaga.test.nats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks one server whether it is ready: its client port accepts connections and its monitoring
 * endpoint {@code /healthz} answers 200, which on nats-server means JetStream is enabled, has
 * recovered its streams and, in a cluster, is in contact with a meta leader and current.
 */
final class HealthCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private HealthCheck() {
  }

  /** Null when ready; otherwise why not, for the failure message. */
  static String problem(String host, int clientPort, int monitorPort) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, clientPort), (int) TIMEOUT.toMillis());
    } catch (IOException e) {
      return "client port " + clientPort + " does not accept connections (" + e.getMessage() + ")";
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + monitorPort + "/healthz"))
        .timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? null
          : "/healthz answered " + response.statusCode() + ": " + response.body().strip();
    } catch (IOException e) {
      return "/healthz on port " + monitorPort + " did not answer (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
