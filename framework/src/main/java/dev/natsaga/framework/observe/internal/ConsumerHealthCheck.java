package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthCheck;
import dev.natsaga.framework.health.HealthStatus;
import dev.natsaga.framework.internal.DurableConsumer;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code consumer:<durable>}: DOWN when messages wait at the server for this consumer, it has room for them (ack
 * pending below its maximum) and this instance has had no successful pull (no message, no "nothing waiting") for
 * the stall bound: its reader is stalled. Also DOWN when every handler thread has been busy for the stuck bound with
 * none finishing: its handlers hang. A liveness check (a restart helps); UNKNOWN when the server does not
 * answer, which the {@code nats} and {@code jetstream} components report.
 */
final class ConsumerHealthCheck implements HealthCheck {

  private final Connection connection;
  private final DurableConsumer consumer;
  private final JetStreamOptions options;
  private final Duration stallAfter;
  private final Duration stuckAfter;

  ConsumerHealthCheck(Connection connection, DurableConsumer consumer, Duration timeout, Duration stallAfter,
      Duration stuckAfter) {
    this.connection = connection;
    this.consumer = consumer;
    this.options = JetStreamOptions.builder().requestTimeout(timeout).build();
    this.stallAfter = stallAfter;
    this.stuckAfter = stuckAfter;
  }

  @Override
  public String name() {
    return "consumer:" + consumer.info().durableName();
  }

  @Override
  public Kind kind() {
    return Kind.LIVENESS;
  }

  @Override
  public ComponentHealth check() {
    ConsumerInfo info;
    try {
      info = connection.jetStreamManagement(options).getConsumerInfo(consumer.info().stream(), consumer.info().durableName());
    } catch (Exception e) {
      return new ComponentHealth(name(), HealthStatus.UNKNOWN, Map.of("error", "consumer info did not answer: " + e));
    }
    boolean full = info.getNumAckPending() >= consumer.options().maxAckPending();
    long stalledMs = consumer.activity().observe(full ? 0 : info.getNumPending());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("stream", consumer.info().stream());
    details.put("pending", info.getNumPending());
    details.put("ackPending", info.getNumAckPending());
    details.put("redelivered", info.getRedelivered());
    details.put("sinceLastPullMs", consumer.activity().sinceLastPullMillis());
    if (info.getPaused()) {
      details.put("paused", true);
    }
    if (stalledMs > stallAfter.toMillis()) {
      details.put("error", info.getNumPending() + " message(s) waiting, none received for " + stalledMs + " ms");
      return ComponentHealth.down(name(), details);
    }
    long busyMs = consumer.activity().allHandlersBusyMillis();
    if (busyMs > stuckAfter.toMillis()) {
      details.put("error", "all " + consumer.options().concurrency() + " handler thread(s) busy for " + busyMs
          + " ms with none finishing: handlers stuck");
      return ComponentHealth.down(name(), details);
    }
    return ComponentHealth.up(name(), details);
  }
}
