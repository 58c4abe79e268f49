package dev.natsaga.framework.internal;

import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler's durable pull consumer, shared by every instance of the service (the queue group).
 * Messages are handed to {@code concurrency} worker threads; when all are busy the fetch loop waits,
 * so at most {@code concurrency} messages are being handled and at most one batch is buffered.
 */
public final class DurableConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableConsumer.class);
  /**
   * Pull requests expire after 5 s, so idle heartbeats come every 2.5 s and a consumer whose pull was
   * lost (server restart, leader change) notices within seconds and pulls again; jnats' default of
   * 30 s would leave it idle for up to a minute and a half.
   */
  private static final Duration PULL_EXPIRES = Duration.ofSeconds(5);

  private final Connection connection;
  private final HandlerInfo info;
  private final String filterSubject;
  private final ConsumerOptions options;
  private final MessageProcessor processor;
  private final ScheduledExecutorService scheduler;
  private final Semaphore slots;
  private ExecutorService workers;
  private InProgressKeeper keeper;
  private MessageConsumer consumer;

  public DurableConsumer(Connection connection, HandlerInfo info, String filterSubject, ConsumerOptions options,
      MessageProcessor processor, ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.info = info;
    this.filterSubject = filterSubject;
    this.options = options;
    this.processor = processor;
    this.scheduler = scheduler;
    this.slots = new Semaphore(options.concurrency());
  }

  /** The consumer configuration: explicit acks, max deliveries + 1 as a server-side backstop. */
  public ConsumerConfiguration configuration() {
    return ConsumerConfiguration.builder()
        .durable(info.durableName())
        .filterSubject(filterSubject)
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .ackWait(options.ackWait())
        .maxDeliver(options.maxDeliver() + 1L)
        .maxAckPending(options.maxAckPending())
        .build();
  }

  /** Creates or updates the durable consumer and starts pulling. */
  public void start() throws IOException, JetStreamApiException {
    ConsumerContext context = connection.getStreamContext(info.stream()).createOrUpdateConsumer(configuration());
    keeper = new InProgressKeeper(options.ackWait(), scheduler);
    workers = options.concurrency() == 1 ? null : Executors.newFixedThreadPool(options.concurrency(),
        NamedThreads.factory("natsaga-" + info.durableName()));
    int batch = Math.min(options.maxAckPending(), Math.max(64, options.concurrency() * 4));
    consumer = context.consume(ConsumeOptions.builder().batchSize(batch).expiresIn(PULL_EXPIRES.toMillis()).build(), this::dispatch);
    LOG.info("consuming {} on {} as durable {} (concurrency {}, max deliver {})", filterSubject, info.stream(),
        info.durableName(), options.concurrency(), options.maxDeliver());
  }

  private void dispatch(Message msg) throws InterruptedException {
    keeper.begin(msg);
    slots.acquire();
    if (workers == null) {
      try {
        run(msg);
      } finally {
        slots.release();
      }
      return;
    }
    workers.execute(() -> {
      try {
        run(msg);
      } finally {
        slots.release();
      }
    });
  }

  private void run(Message msg) {
    try {
      processor.process(msg);
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} in {}: {}", msg.getSubject(), info.durableName(), e.toString(), e);
    } finally {
      keeper.end(msg);
    }
  }

  /** Stops pulling, then waits up to {@code timeout} for handlers in flight. Returns true when all finished. */
  public boolean stop(Duration timeout) throws InterruptedException {
    if (consumer == null) {
      return true;
    }
    consumer.stop();
    boolean done = awaitIdle(timeout);
    if (workers != null) {
      workers.shutdown();
      done &= workers.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    keeper.close();
    consumer = null;
    LOG.info("stopped consumer {} ({})", info.durableName(), done ? "all handlers finished" : "handlers still running at timeout");
    return done;
  }

  private boolean awaitIdle(Duration timeout) throws InterruptedException {
    int all = options.concurrency();
    if (slots.tryAcquire(all, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      slots.release(all);
      return true;
    }
    return false;
  }

  public HandlerInfo info() {
    return info;
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(5));
  }
}
