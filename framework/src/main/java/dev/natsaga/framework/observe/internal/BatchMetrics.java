package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.MetricNames.BATCH_SIZE;

import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.internal.BatchJoin;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/** {@code natsaga.consumer.batch.size}: the events of each batch a batch handler got, by type and handler. */
final class BatchMetrics implements BatchJoin.BatchObserver {

  private final MeterRegistry registry;
  private final BatchJoin.BatchObserver next;
  private final Map<String, DistributionSummary> sizes = new ConcurrentHashMap<>();

  BatchMetrics(MeterRegistry registry, BatchJoin.BatchObserver next) {
    this.registry = registry;
    this.next = next;
  }

  @Override
  public BatchResult observe(HandlerInfo info, String subject, int size, List<SpanContext> links, Callable<BatchResult> run)
      throws Exception {
    sizes.computeIfAbsent(info.durableName(), handler -> DistributionSummary.builder(BATCH_SIZE)
        .description("events per batch of a batch handler").baseUnit("events")
        .tag("type", info.type().name()).tag("handler", handler).register(registry)).record(size);
    return next.observe(info, subject, size, links, run);
  }
}
