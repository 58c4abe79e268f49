package dev.natsaga.framework.observe.internal;

import static dev.natsaga.framework.observe.MetricNames.*;

import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.internal.NamedThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from JetStream on their own thread at an interval (a scrape never waits for the server): per consumer
 * pending, ack pending and redelivered; messages in the dead-letter stream; and from the client, reconnects and
 * whether the connection is up. A read that fails keeps the last values and is logged at debug.
 */
final class JetStreamGauges implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JetStreamGauges.class);
  private final MeterRegistry registry;
  private final Connection connection;
  private final String dlqStream;
  private final Duration interval;
  private final List<Polled> consumers = new ArrayList<>();
  private final AtomicLong dlqMessages = new AtomicLong();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("natsaga-gauges"));
  private final JetStreamOptions requestOptions;

  JetStreamGauges(MeterRegistry registry, Connection connection, String dlqStream, Duration interval, Duration timeout) {
    this.registry = registry;
    this.connection = connection;
    this.dlqStream = dlqStream;
    this.interval = interval;
    this.requestOptions = JetStreamOptions.builder().requestTimeout(timeout).build();
  }

  private record Polled(HandlerInfo info, AtomicLong pending, AtomicLong ackPending, AtomicLong redelivered) {
  }

  /** Registers the gauges and starts polling. */
  void start(List<HandlerInfo> handlers) {
    FunctionCounter.builder(CONNECTION_RECONNECTS, connection, c -> c.getStatistics().getReconnects())
        .description("reconnects of the NATS connection").register(registry);
    Gauge.builder(CONNECTION_STATE, connection, c -> c.getStatus() == Connection.Status.CONNECTED ? 1 : 0)
        .description("1 while the NATS connection is connected").register(registry);
    Gauge.builder(DLQ_MESSAGES, dlqMessages, AtomicLong::get).tag("stream", dlqStream)
        .description("messages in the dead-letter stream").register(registry);
    for (HandlerInfo h : handlers) {
      Polled p = new Polled(h, new AtomicLong(), new AtomicLong(), new AtomicLong());
      Tags tags = Tags.of("handler", h.durableName(), "stream", h.stream());
      Gauge.builder(CONSUMER_PENDING, p.pending, AtomicLong::get).tags(tags).description("messages not yet delivered").register(registry);
      Gauge.builder(CONSUMER_ACK_PENDING, p.ackPending, AtomicLong::get).tags(tags).description("delivered, not acknowledged").register(registry);
      Gauge.builder(CONSUMER_REDELIVERED, p.redelivered, AtomicLong::get).tags(tags).description("redelivered, not acknowledged").register(registry);
      consumers.add(p);
    }
    poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement(requestOptions);
      for (Polled p : consumers) {
        ConsumerInfo info = jsm.getConsumerInfo(p.info().stream(), p.info().durableName());
        p.pending().set(info.getNumPending());
        p.ackPending().set(info.getNumAckPending());
        p.redelivered().set(info.getRedelivered());
      }
      dlqMessages.set(jsm.getStreamInfo(dlqStream).getStreamState().getMsgCount());
    } catch (Exception e) {
      LOG.debug("could not read the JetStream gauges: {}", e.toString());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
