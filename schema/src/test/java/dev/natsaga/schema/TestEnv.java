package dev.natsaga.schema;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.payload.PayloadStage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Builds natsaga runtimes for the schema tests: each test gets its own environment, so streams never clash. */
final class TestEnv {

  static final String PLACED_V1 = "shop.order.placed.v1";
  static final String PLACED_V2 = "shop.order.placed.v2";
  static final String PLACED_V3 = "shop.order.placed.v3";

  /** The v1 payload. */
  record PlacedV1(String orderId, long amount, String note) {
  }

  /** The v2 payload. */
  record PlacedV2(String orderId, long amountMinor, String currency, String note) {
  }

  /** The v3 payload. */
  record PlacedV3(String orderId, Money total, String note) {
  }

  /** Money in minor units. */
  record Money(long amountMinor, String currency) {
  }

  private TestEnv() {
  }

  static String freshEnv() {
    return "s" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  static NatsagaOptions options(String url, String env, String service) {
    return NatsagaOptions.builder().natsUrl(url).environment(env).serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .build();
  }

  static Natsaga start(NatsagaOptions options, List<PayloadStage> stages, HandlerRegistration<?>... handlers) throws Exception {
    Natsaga.Builder b = Natsaga.builder(options).domains("shop");
    stages.forEach(b::payloadStage);
    for (HandlerRegistration<?> h : handlers) {
      b.handler(h);
    }
    return b.build().start();
  }
}
