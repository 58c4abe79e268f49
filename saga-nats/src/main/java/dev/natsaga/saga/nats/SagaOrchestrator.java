package dev.natsaga.saga.nats;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.outbox.OutboxRelay;
import dev.natsaga.saga.store.SagaStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SagaEngine} over NATS: the reply consumers (framework handlers, registered on the service's
 * {@link Natsaga} before it starts), the relay of the service's transactional outbox (commands, and every event a
 * saga outcome hook or the service itself writes to {@code natsaga_outbox}; see {@link #relay()}), and the deadline
 * scanner. Every instance of the orchestrating service runs one; they share the database
 * and, through the durable reply consumers, the replies.
 *
 * <pre>{@code
 * JdbcSagaStore store = JdbcSagaStore.open(SagaDatabaseOptions.fromEnvironment(System.getenv()));
 * SagaOrchestrator orchestrator = SagaOrchestrator.builder()
 *     .store(store)
 *     .definitions(booking)
 *     .options(SagaOrchestratorOptions.fromEnvironment())
 *     .build();
 * Natsaga natsaga = Natsaga.builder(NatsagaOptions.fromEnvironment())
 *     .handlers(orchestrator.replyHandlers())        // the reply consumers
 *     .handler(myOwnHandler)
 *     .build()
 *     .start();
 * orchestrator.start(natsaga);                       // relay + deadline scanner
 * UUID sagaId = orchestrator.engine().start(booking, new BookingState(...), "booking-" + bookingId);
 * ...
 * orchestrator.close();                              // then natsaga.close(), then store.close()
 * }</pre>
 *
 * <p>Replies are handled as soon as the {@link Natsaga} runs (they only need the engine); {@link #start}
 * adds sending and timeouts. Commands written while the orchestrator is stopped wait in the outbox.
 * Streams: the runtime provisions the domains of the reply types; a command type in another domain needs
 * its stream provisioned too ({@code Natsaga.Builder.domains(...)}, or by the participant that handles it).
 */
public final class SagaOrchestrator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SagaOrchestrator.class);

  private final SagaEngine engine;
  private final SagaStore store;
  private final SagaOrchestratorOptions options;
  private final Clock clock;
  private OutboxRelay relay;
  private Runnable wakeRelay;
  private DeadlineScanner scanner;

  private SagaOrchestrator(Builder b) {
    this.store = b.store;
    this.options = b.options;
    this.clock = b.clock;
    this.engine = b.engine != null ? b.engine : SagaEngine.builder().store(b.store).clock(b.clock).build();
    b.definitions.forEach(engine.registry()::register);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The engine: start sagas, query them, resume parked ones. */
  public SagaEngine engine() {
    return engine;
  }

  public SagaOrchestratorOptions options() {
    return options;
  }

  /**
   * The reply consumers for every definition registered so far: add them to the {@link Natsaga} builder.
   * Register every definition (and every older version still in flight) before calling this.
   */
  public List<HandlerRegistration<?>> replyHandlers() {
    return SagaReplyHandlers.forDefinitions(engine.registry().all(), this::engine, options::replyConsumer, options.replyBatch(),
        options.replyCircuitBreaker());
  }

  /** Starts sending commands through {@code natsaga}'s publisher and scanning deadlines; requires a started runtime. */
  public SagaOrchestrator start(Natsaga natsaga) {
    return start(natsaga.publisher());
  }

  /** Starts the outbox relay over {@code publisher} and the deadline scanner. Calling it while running does nothing. */
  public synchronized SagaOrchestrator start(EventPublisher publisher) {
    Objects.requireNonNull(publisher, "publisher");
    if (relay != null) {
      return this;
    }
    relay = OutboxRelay.builder().dataSource(store.dataSource())
        .publisher(() -> publisher)
        .ackTimeout(options.publishTimeout())
        .clock(clock)
        .batchSize(options.relayBatchSize())
        .pollInterval(options.relayPollInterval())
        .build();
    wakeRelay = relay::wake;
    store.addOutboxListener(wakeRelay);
    relay.start();
    scanner = new DeadlineScanner(engine, options.deadlineInterval());
    scanner.start();
    LOG.info("saga orchestrator started: {} definition(s), {}", engine.registry().all().size(), options);
    return this;
  }

  /**
   * The relay of the saga database's outbox while the orchestrator runs (null before {@link #start}): its
   * {@link OutboxRelay#backlog()} for health and metrics, or {@link OutboxRelay#wake()} after a commit of the
   * service's own that wrote to {@code natsaga_outbox} with {@link dev.natsaga.outbox.OutboxWriter}. One relay serves
   * the saga commands and the service's own events alike.
   */
  public synchronized OutboxRelay relay() {
    return relay;
  }

  /** Whether {@link #start} ran and {@link #close()} has not. */
  public synchronized boolean isRunning() {
    return relay != null;
  }

  /**
   * Stops the deadline scanner and the relay (each finishes its current round). Does not close the
   * {@link Natsaga} runtime or the store, which the caller owns. The orchestrator can be started again.
   */
  @Override
  public synchronized void close() {
    if (relay == null) {
      return;
    }
    scanner.close();
    store.removeOutboxListener(wakeRelay);
    relay.close();
    scanner = null;
    relay = null;
    LOG.info("saga orchestrator stopped");
  }

  /** Builds a {@link SagaOrchestrator}; {@code store} is required. */
  public static final class Builder {
    private SagaStore store;
    private SagaEngine engine;
    private final List<SagaDefinition<?>> definitions = new ArrayList<>();
    private SagaOrchestratorOptions options = SagaOrchestratorOptions.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /** The saga store (the relay reads its outbox). */
    public Builder store(SagaStore value) { this.store = value; return this; }

    /** An engine built on the same store (default: {@code SagaEngine.builder().store(store).clock(clock).build()}). */
    public Builder engine(SagaEngine value) { this.engine = value; return this; }

    /** Definitions to register in the engine's registry (every version that may have sagas in flight). */
    public Builder definitions(SagaDefinition<?>... values) {
      return definitions(Arrays.asList(values));
    }

    public Builder definitions(Iterable<? extends SagaDefinition<?>> values) {
      values.forEach(d -> definitions.add(Objects.requireNonNull(d, "definition")));
      return this;
    }

    public Builder options(SagaOrchestratorOptions value) { this.options = Objects.requireNonNull(value, "options"); return this; }

    /** Clock of the default engine and the relay (default UTC system clock). */
    public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value, "clock"); return this; }

    public SagaOrchestrator build() {
      Objects.requireNonNull(store, "SagaOrchestrator needs a store(SagaStore), e.g. JdbcSagaStore.open(options)");
      return new SagaOrchestrator(this);
    }
  }
}
