package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.MetricNames.*;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code natsaga.events.published} by type and outcome, {@code natsaga.publish.duration} and the retries by type. */
final class PublishMetrics implements PublishObserver {

  private final MeterRegistry registry;
  private final String envPrefix;
  private final Map<String, Meters> byType = new ConcurrentHashMap<>();

  PublishMetrics(MeterRegistry registry, String environment) {
    this.registry = registry;
    this.envPrefix = environment + ".";
  }

  @Override
  public Watch begin(OutgoingEvent<?> event, String subject) {
    Meters meters = meters(event.type().name());
    long start = System.nanoTime();
    return (result, failure) -> {
      meters.duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      (failure != null ? meters.failed : result.duplicate() ? meters.duplicate : meters.ok).increment();
    };
  }

  /** Counts a retried publish attempt to {@code subject}. */
  void retried(String subject) {
    String type = subject.startsWith(envPrefix) ? subject.substring(envPrefix.length()) : subject;
    meters(type).retries.increment();
  }

  private Meters meters(String type) {
    Meters m = byType.get(type);
    return m != null ? m : byType.computeIfAbsent(type, t -> new Meters(registry, t));
  }

  private static final class Meters {
    final Counter ok;
    final Counter duplicate;
    final Counter failed;
    final Counter retries;
    final Timer duration;

    Meters(MeterRegistry registry, String type) {
      ok = published(registry, type, "ok");
      duplicate = published(registry, type, "duplicate");
      failed = published(registry, type, "failed");
      retries = Counter.builder(PUBLISH_RETRIES).description("publish attempts retried after a transient failure")
          .tag("type", type).register(registry);
      duration = Timer.builder(PUBLISH_DURATION).description("time from publish to the stream's ack")
          .tag("type", type).publishPercentileHistogram().register(registry);
    }

    private static Counter published(MeterRegistry registry, String type, String outcome) {
      return Counter.builder(EVENTS_PUBLISHED).description("events and commands published")
          .tag("type", type).tag("outcome", outcome).register(registry);
    }
  }
}
