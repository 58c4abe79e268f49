package dev.natsaga.framework.it;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Builds natsaga runtimes for tests: each test gets its own environment, so streams never clash. */
final class TestNatsaga {

  private TestNatsaga() {
  }

  static String freshEnv() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  static NatsagaOptions.Builder options(String url, String env, String service) {
    return NatsagaOptions.builder()
        .natsUrl(url)
        .environment(env)
        .serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  static Natsaga start(NatsagaOptions options, HandlerRegistration<?>... handlers) throws Exception {
    Natsaga.Builder b = Natsaga.builder(options).domains("booking", "payment");
    for (HandlerRegistration<?> h : handlers) {
      b.handler(h);
    }
    return b.build().start();
  }
}
