package dev.natsaga.saga.nats;

import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Options for test runtimes: a fresh environment per test (so streams never clash), fast retries. */
public final class TestNats {

  private TestNats() {
  }

  public static String freshEnv() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  public static NatsagaOptions options(String url, String env, String service) {
    return NatsagaOptions.builder()
        .natsUrl(url)
        .environment(env)
        .serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .build();
  }

  /** Orchestrator settings for tests: scan deadlines often, redeliver replies of a dead instance after 2 s. */
  public static SagaOrchestratorOptions orchestratorOptions() {
    return orchestratorOptions(1);
  }

  /** The test orchestrator options with up to {@code replyBatch} replies per transaction of the saga store. */
  public static SagaOrchestratorOptions orchestratorOptions(int replyBatch) {
    return SagaOrchestratorOptions.builder()
        .replyBatch(replyBatch, Duration.ofMillis(5))
        .deadlineInterval(Duration.ofMillis(100))
        .relayPollInterval(Duration.ofMillis(200))
        .replyConsumer(o -> o.withAckWait(Duration.ofSeconds(2)))
        .build();
  }
}
