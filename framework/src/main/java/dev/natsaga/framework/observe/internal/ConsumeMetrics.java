package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.MetricNames.*;

import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.internal.MessageStep;
import dev.natsaga.framework.internal.Outcome;
import dev.natsaga.framework.internal.StepDecorator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code natsaga.events.consumed} by type, handler and outcome (every outcome registered at start, so a dashboard
 * sees zeros rather than nothing) and {@code natsaga.event.processing.duration} with a percentile histogram.
 */
final class ConsumeMetrics implements StepDecorator {

  private final MeterRegistry registry;

  ConsumeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public MessageStep wrap(HandlerInfo info, MessageStep next) {
    String type = info.type().name();
    String handler = info.durableName();
    Timer duration = Timer.builder(PROCESSING_DURATION).description("one delivery from decoding to ack, retry or dead letter")
        .tag("type", type).tag("handler", handler).publishPercentileHistogram().register(registry);
    Map<Outcome.Kind, Counter> consumed = new EnumMap<>(Outcome.Kind.class);
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      consumed.put(kind, Counter.builder(EVENTS_CONSUMED).description("deliveries handled, by outcome")
          .tag("type", type).tag("handler", handler).tag("outcome", kind.tag()).register(registry));
    }
    return msg -> {
      long start = System.nanoTime();
      Outcome outcome = null;
      try {
        outcome = next.process(msg);
        return outcome;
      } finally {
        duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (outcome != null) {
          consumed.get(outcome.kind()).increment();
        }
      }
    };
  }
}
