package dev.natsaga.test.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;

/** Asks the JetStream API for account info ({@code $JS.API.INFO}), which needs a meta leader in a cluster. */
final class JetStreamProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private JetStreamProbe() {
  }

  /** Null when the request succeeds through any of the urls; otherwise why not. */
  static String problem(List<String> urls) {
    Options options = Options.builder()
        .servers(urls.toArray(String[]::new))
        .connectionTimeout(TIMEOUT)
        .noReconnect()
        .errorListener(new QuietErrorListener())
        .build();
    try (Connection connection = Nats.connect(options)) {
      connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(TIMEOUT).build())
          .getAccountStatistics();
      return null;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "JetStream account info via " + urls + " failed: " + e;
    }
  }

  /** Keeps probe connections from logging expected failures while the cluster forms. */
  private static final class QuietErrorListener implements io.nats.client.ErrorListener {
  }
}
