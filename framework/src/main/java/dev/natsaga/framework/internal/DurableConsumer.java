package dev.natsaga.framework.internal;

import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler's durable pull consumer, shared by every instance of the service (the queue group).
 *
 * <p>Every message is registered with the {@link InProgressKeeper} the moment it arrives and queued
 * for {@code concurrency} worker threads; the NATS dispatcher never blocks. So a message waiting
 * behind slow handlers is kept alive like one being handled, and is never redelivered to another
 * instance (and handled twice) just because it waited. How many messages one instance holds is
 * bounded by the consumer's {@code maxAckPending}: lower it for fairer sharing when handlers are slow.
 *
 * <p>A message that reaches the server's delivery limit without ever being read (see {@link UndeliveredRescue}) is
 * still dead-lettered.
 *
 * <p>Stopping hands the buffered, not yet started messages back to the server ({@code nak}) so another
 * instance gets them at once: the subscription is drained (unsubscribe, flush, dispatch what is
 * queued) rather than closed, because closing drops queued messages, which the server would only
 * redeliver after the ack wait. A consumer ordered by key ({@link ConsumerRouting}) instead handles what it holds
 * and keeps its pin until then, so the stand-by instance never gets a key's newer messages before its older ones.
 */
public final class DurableConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableConsumer.class);
  /**
   * Pull requests expire after 5 s, so idle heartbeats come every 2.5 s and a consumer whose pull was
   * lost (server restart, leader change) notices within seconds and pulls again; jnats' default of
   * 30 s would leave it idle for up to a minute and a half.
   */
  private static final Duration PULL_EXPIRES = Duration.ofSeconds(5);
  /** Messages asked for per pull; larger pulls cost fewer round trips (the bench: 64 → 500 took raw from ~75k to ~100k+ msgs/s). */
  private static final int MAX_BATCH = 256;

  private final Connection connection;
  private final HandlerInfo info;
  private final String filterSubject;
  private final ConsumerRouting routing;
  private final ConsumerOptions options;
  private final MessageStep processor;
  private final ConsumerActivity activity;
  private final ScheduledExecutorService scheduler;
  private final UndeliveredRescue rescue;
  private Workers workers;
  private InProgressKeeper keeper;
  private Dispatcher dispatcher;
  private final ConnectionListener repullOnResubscribe = this::onConnectionEvent;
  private ConsumerContext context;
  private ConsumeOptions consumeOptions;
  private MessageConsumer consumer;
  private volatile boolean draining;
  private Arrivals arrivals = Arrivals.NONE;

  public DurableConsumer(Connection connection, HandlerInfo info, String filterSubject, ConsumerOptions options,
      MessageStep processor, DeadLetterSender deadLetters, ScheduledExecutorService scheduler) {
    this(connection, info, ConsumerRouting.plain(filterSubject), options, processor, deadLetters, scheduler);
  }

  /** A consumer with several filter subjects and/or per-key ordering ({@link ConsumerRouting}). */
  public DurableConsumer(Connection connection, HandlerInfo info, ConsumerRouting routing, ConsumerOptions options,
      MessageStep processor, DeadLetterSender deadLetters, ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.info = info;
    this.routing = routing;
    this.filterSubject = String.join(", ", routing.filterSubjects());
    this.options = options;
    this.processor = processor;
    this.scheduler = scheduler;
    this.rescue = new UndeliveredRescue(connection, info, deadLetters);
    this.activity = new ConsumerActivity(options.concurrency());
  }

  /** Tells {@code arrivals} of every message as it arrives and once it is settled; set before {@link #start}. */
  public DurableConsumer withArrivals(Arrivals arrivals) {
    this.arrivals = arrivals;
    return this;
  }

  /** The consumer configuration: explicit acks, max deliveries + 1 as a server-side backstop. */
  public ConsumerConfiguration configuration() {
    ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
        .durable(info.durableName())
        .filterSubjects(routing.filterSubjects())
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .ackWait(options.ackWait())
        .maxDeliver(options.maxDeliver() + 1L)
        .maxAckPending(options.maxAckPending());
    if (routing.orderedByKey()) {
      // pinned longer than the ack wait: a stand-by instance takes over only after the old one's unacked messages are due again
      b.priorityPolicy(PriorityPolicy.PinnedClient).priorityGroups(ConsumerRouting.PINNED_GROUP)
          .priorityTimeout(options.ackWait().plusSeconds(5));
    }
    return b.build();
  }

  /** Creates or updates the durable consumer and starts pulling. */
  public void start() throws IOException, JetStreamApiException {
    context = connection.getStreamContext(info.stream()).createOrUpdateConsumer(configuration());
    keeper = new InProgressKeeper(options.ackWait(), scheduler);
    workers = routing.orderedByKey()
        ? Workers.lanes(options.concurrency(), "natsaga-" + info.durableName(), new MessageKeys(new CloudEventCodec())::key)
        : Workers.pool(options.concurrency(), "natsaga-" + info.durableName());
    int batch = Math.min(options.maxAckPending(), MAX_BATCH);
    draining = false;
    rescue.start();
    dispatcher = connection.createDispatcher();
    ConsumeOptions.Builder consume = ConsumeOptions.builder().batchSize(batch).expiresIn(PULL_EXPIRES.toMillis());
    consumeOptions = (routing.orderedByKey() ? consume.group(ConsumerRouting.PINNED_GROUP) : consume).build();
    synchronized (this) {
      consumer = context.consume(consumeOptions, dispatcher, this::dispatch);
    }
    connection.addConnectionListener(repullOnResubscribe);
    LOG.info("consuming {} on {} as durable {} (concurrency {}, max deliver {})", filterSubject, info.stream(),
        info.durableName(), options.concurrency(), options.maxDeliver());
  }

  private void onConnectionEvent(Connection c, ConnectionListener.Events event) {
    if (event == ConnectionListener.Events.RESUBSCRIBED && !draining) {
      scheduler.execute(this::pullAgain);
    }
  }

  /**
   * After a reconnect the pull request in flight is usually gone with the old server connection, and jnats notices
   * only after missed heartbeats (about 13 s from a server restart to the first message handled, measured); a new
   * pull right away brings that to the time JetStream needs to be ready. The old consumer is stopped, not closed:
   * anything it still receives is dispatched as usual.
   */
  private synchronized void pullAgain() {
    if (draining || consumer == null) {
      return;
    }
    MessageConsumer old = consumer;
    try {
      consumer = context.consume(consumeOptions, dispatcher, this::dispatch);
      old.stop();
      LOG.info("pulling again for {} after the reconnect", info.durableName());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.warn("could not pull again for {} after the reconnect ({}); the current pull resumes after missed heartbeats",
          info.durableName(), e.toString());
    }
  }

  private void dispatch(Message msg) {
    activity.received();
    if (draining && !routing.orderedByKey()) {
      msg.nak();
      return;
    }
    keeper.begin(msg);
    arrivals.arrived(msg);
    try {
      workers.execute(msg, () -> run(msg));
    } catch (RejectedExecutionException stopping) {
      keeper.end(msg);
      msg.nak();
      arrivals.settled(msg);
    }
  }

  private void run(Message msg) {
    activity.handlerStarted();
    try {
      if (draining && !routing.orderedByKey()) {
        msg.nak();
      } else {
        processor.process(msg);
      }
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} in {}: {}", msg.getSubject(), info.durableName(), e.toString(), e);
    } finally {
      activity.handlerFinished();
      keeper.end(msg);
      arrivals.settled(msg);
    }
  }

  /**
   * Stops pulling and hands buffered messages back, then waits up to {@code timeout} for handlers in
   * flight. Returns true when all finished.
   */
  public boolean stop(Duration timeout) throws InterruptedException {
    if (consumer == null) {
      return true;
    }
    draining = true;
    connection.removeConnectionListener(repullOnResubscribe);
    if (routing.orderedByKey()) {
      finishPulls(timeout);
    }
    drainSubscription(timeout);
    synchronized (this) {
      try {
        consumer.close();
      } catch (Exception e) {
        LOG.debug("closing consumer {}: {}", info.durableName(), e.toString());
      }
    }
    rescue.close();
    workers.shutdown();
    boolean done = workers.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    if (routing.orderedByKey() && done) {
      unpin();
    }
    keeper.close();
    synchronized (this) {
      consumer = null;
    }
    LOG.info("stopped consumer {} ({})", info.durableName(), done ? "all handlers finished" : "handlers still running at timeout");
    return done;
  }

  /**
   * Ordered by key: the messages this instance holds are handled, not handed back, and the pin is kept until they are;
   * a handed-back message would reach the stand-by after newer messages of its key. So pulling stops first and the
   * pull in flight is let run out (its messages are handled too).
   */
  private void finishPulls(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      consumer.stop();
    }
    while (!consumer.isFinished() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /**
   * Hands the pin to a stand-by instance now rather than after the pin's TTL, but only when nothing delivered to this
   * instance is still unacknowledged: a delivery lost in the shutdown comes back after the ack wait, and the pin's TTL
   * (ack wait + 5 s) makes sure it then goes out before newer messages.
   */
  private void unpin() {
    try {
      long pending = context.getConsumerInfo().getNumAckPending();
      if (pending > 0) {
        LOG.info("{} keeps its pin until its {} unacknowledged message(s) are due again", info.durableName(), pending);
        return;
      }
      context.unpin(ConsumerRouting.PINNED_GROUP);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.debug("unpinning {}: {}", info.durableName(), e.toString());
    }
  }

  /** Unsubscribes and flushes, then lets the dispatcher hand back what is still queued (none is dropped). */
  private void drainSubscription(Duration timeout) throws InterruptedException {
    try {
      dispatcher.drain(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("draining consumer {} did not finish within {} ms: {}; unstarted messages are redelivered after the ack wait",
          info.durableName(), timeout.toMillis(), e.toString());
    }
  }

  public HandlerInfo info() {
    return info;
  }

  /** When this instance last received a message, for the consumer's health. */
  public ConsumerActivity activity() {
    return activity;
  }

  /** The consumer's options (its {@code maxAckPending} bounds what the server delivers). */
  public ConsumerOptions options() {
    return options;
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(5));
  }
}
