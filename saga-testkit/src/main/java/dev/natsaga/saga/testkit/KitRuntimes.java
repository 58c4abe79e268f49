package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.framework.consume.Middleware;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework runtimes of a {@link NatsSagaTestKit}: built with the kit's defaults (memory streams kept 1 h,
 * 50 ms–1 s consumer backoff, 5 s shutdown) and the caller's adjustments in the kit's environment, started with an
 * error that names the service and the server, kept to be closed together, and the environment's streams deleted.
 */
final class KitRuntimes {

  private static final Logger LOG = LoggerFactory.getLogger(KitRuntimes.class);

  private final String natsUrl;
  private final String environment;
  private final UnaryOperator<NatsagaOptions.Builder> natsOptions;
  private final List<Natsaga> kept = new CopyOnWriteArrayList<>();
  private final Set<String> domains = ConcurrentHashMap.newKeySet();

  KitRuntimes(String natsUrl, String environment, UnaryOperator<NatsagaOptions.Builder> natsOptions) {
    this.natsUrl = natsUrl;
    this.environment = environment;
    this.natsOptions = natsOptions;
  }

  /** A fresh {@code kit-...} environment name. */
  static String freshEnvironment() {
    return "kit-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36);
  }

  /** Builds a runtime of {@code service} with these handlers and middleware; not started. */
  Natsaga build(String service, Collection<? extends HandlerRegistration<?>> handlers, Middleware... middleware) {
    NatsagaOptions.Builder options = natsOptions.apply(NatsagaOptions.builder()
        .natsUrl(natsUrl)
        .shutdownTimeout(Duration.ofSeconds(5))
        .streams(StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1)))
        .deadLetterStream(StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1)))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))));
    Natsaga.Builder builder = Natsaga.builder(options.serviceName(service).environment(environment).build()).handlers(handlers);
    Arrays.stream(middleware).forEach(builder::middleware);
    return builder.build();
  }

  /** Starts {@code runtime}; a failure closes it and names the service, the server and the environment. */
  Natsaga start(Natsaga runtime, String service) {
    try {
      return runtime.start();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      close(runtime);
      throw new IllegalStateException("the saga test kit could not start " + service + " over NATS at " + natsUrl
          + " (environment " + environment + "): " + e.getMessage(), e);
    }
  }

  /** Keeps a started runtime to close with {@link #closeKept()}. */
  void keep(Natsaga runtime) {
    kept.add(runtime);
  }

  void closeKept() {
    kept.forEach(KitRuntimes::close);
    kept.clear();
  }

  /** Provisions the stream of {@code domain} once, through {@code runtime} (the kit's command publisher needs it). */
  void ensureDomain(Natsaga runtime, String domain) {
    if (domains.contains(domain)) {
      return;
    }
    try {
      runtime.streamProvisioner().ensureDomain(domain);
      domains.add(domain);
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("could not provision the stream of domain '" + domain + "' in environment "
          + environment + ": " + e.getMessage(), e);
    }
  }

  /** Deletes every stream of the kit's environment, through {@code runtime}'s connection. */
  void deleteStreams(Natsaga runtime) {
    try {
      JetStreamManagement jsm = runtime.connection().jetStreamManagement();
      String probe = Environment.of(environment).streamName("x");
      String prefix = probe.substring(0, probe.length() - 1);
      for (String stream : jsm.getStreamNames()) {
        if (stream.startsWith(prefix)) {
          jsm.deleteStream(stream);
        }
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.warn("could not delete the streams of test kit environment {}: {}", environment, e.toString());
    }
  }

  static void close(Natsaga runtime) {
    try {
      runtime.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("closing a test kit runtime failed: {}", e.toString());
    }
  }
}
