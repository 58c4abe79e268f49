package dev.natsaga.saga.testkit;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.OutboxRelay;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.SagaRegistry;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Runs sagas end to end without NATS: the real engine and store, the real outbox relay publishing into a
 * {@link RecordingEventPublisher}, a {@link TestClock} and {@link ScriptedParticipant}s declared per command type.
 * Nothing runs in the background: {@link #deliver()} and {@link #settle()} move the sagas.
 *
 * <pre>{@code
 * try (SagaTestKit kit = SagaTestKit.create()) {
 *     kit.on("payment.transaction.authorize.v1").noReply().reply("payment.transaction.authorized.v1", auth);
 *     UUID id = kit.start(booking, state);
 *     kit.settle();                                   // jumps the clock through the timeout and the retry
 *     kit.expect(id).status(SagaStatus.COMPLETED)
 *        .logged("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT);
 * }
 * }</pre>
 *
 * <p>The same scenario runs against a real nats-server with {@link #overNats(String)} (see {@link SagaScenarioKit}).
 */
public final class SagaTestKit implements SagaScenarioKit {

  private static final int MAX_SETTLE_ROUNDS = 10_000;

  private final SagaStore store;
  private final DataSource dataSource;
  private final boolean ownsStore;
  private final TestClock clock;
  private final SagaEngine engine;
  private final RecordingEventPublisher publisher = new RecordingEventPublisher();
  private final OutboxRelay relay;
  private final KitCommands commands;
  private final SagaJson json = SagaJson.shared();
  private final Map<String, ScriptedParticipant> participants = new ConcurrentHashMap<>();
  private final Set<UUID> started = ConcurrentHashMap.newKeySet();

  private SagaTestKit(SagaStore store, DataSource dataSource, boolean ownsStore, TestClock clock) {
    this.store = store;
    this.dataSource = dataSource;
    this.ownsStore = ownsStore;
    this.clock = clock;
    this.engine = SagaEngine.builder().store(store).registry(new SagaRegistry()).clock(clock).build();
    this.relay = OutboxRelay.builder().dataSource(dataSource).publisher(() -> publisher).clock(clock).build();
    this.commands = new KitCommands(store);
  }

  /** @return a kit on a fresh in-memory H2 database, closed with the kit */
  public static SagaTestKit create() {
    JdbcSagaStore store = openInMemoryStore(4);
    return new SagaTestKit(new ShutdownOnClose(store), store.dataSource(), true, TestClock.now());
  }

  /**
   * @param natsUrl a running nats-server with JetStream, e.g. {@code nats://127.0.0.1:4222}
   * @return a kit that runs the same scenarios over NATS, with the defaults of {@link NatsSagaTestKit#builder(String)}
   */
  public static NatsSagaTestKit overNats(String natsUrl) {
    return NatsSagaTestKit.builder(natsUrl).build();
  }

  /** A fresh in-memory H2 saga database (migrated); wrap it in {@link ShutdownOnClose} to drop it on close. */
  static JdbcSagaStore openInMemoryStore(int poolSize) {
    String url = "jdbc:h2:mem:natsaga-kit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    return JdbcSagaStore.open(SagaDatabaseOptions.builder().url(url).poolSize(poolSize).build());
  }

  /** @return a kit on the caller's store (not closed by the kit), e.g. a PostgreSQL one */
  public static SagaTestKit create(SagaStore store) {
    Objects.requireNonNull(store, "store");
    return new SagaTestKit(store, store.dataSource(), false, TestClock.now());
  }

  /** Registers a definition (needed only for definitions the kit did not start, e.g. older versions). */
  @Override
  public SagaTestKit register(SagaDefinition<?> definition) {
    engine.registry().register(definition);
    return this;
  }

  /** @return the scripted participant for a command type (created on first use) */
  @Override
  public ScriptedParticipant on(String commandType) {
    return participants.computeIfAbsent(commandType, t -> new ScriptedParticipant(t, json));
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState) {
    return start(definition, initialState, null);
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey) {
    UUID id = engine.start(definition, initialState, callerKey);
    started.add(id);
    return id;
  }

  /**
   * Relays the outbox to the participants and their replies to the engine until nothing moves; the clock
   * stands still.
   *
   * @return how many replies were delivered
   */
  public int deliver() {
    int replies = 0;
    while (true) {
      relay.relayPending();
      List<OutgoingEvent<?>> sent = publisher.drain();
      if (sent.isEmpty()) {
        return replies;
      }
      for (KitCommand command : sent.stream().map(this::command).toList()) {
        for (SagaReply reply : on(command.type()).receive(command)) {
          engine.handleReply(reply);
          replies++;
        }
      }
    }
  }

  private KitCommand command(OutgoingEvent<?> event) {
    byte[] payload = (byte[]) event.data();
    return commands.of(event.id(), event.type().name(), event.subject(),
        payload == null ? null : new String(payload, StandardCharsets.UTF_8), event.extensions()::get,
        event.time() == null ? null : event.time().toInstant());
  }

  /** Moves the clock, handles what came due, then {@link #deliver()}s. */
  public void advance(Duration by) {
    clock.advance(by);
    engine.processDueDeadlines();
    deliver();
  }

  /**
   * Delivers, then repeatedly jumps the clock to the next deadline of the sagas this kit started until none
   * of them waits for anything (completed, compensated or parked).
   */
  @Override
  public void settle() {
    deliver();
    for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      Optional<Instant> next = nextDeadline();
      if (next.isEmpty()) {
        return;
      }
      if (next.get().isAfter(clock.instant())) {
        clock.set(next.get());
      }
      engine.processDueDeadlines();
      deliver();
    }
    throw new AssertionError("sagas did not settle after " + MAX_SETTLE_ROUNDS + " rounds: " + started);
  }

  private Optional<Instant> nextDeadline() {
    return started.stream().map(store::findInstance).flatMap(Optional::stream)
        .filter(i -> i.status().isActive()).map(SagaInstance::deadline).filter(Objects::nonNull)
        .min(Instant::compareTo);
  }

  /** Hands a reply to the engine directly (e.g. a late or forged reply). */
  @Override
  public ReplyDisposition reply(SagaReply reply) {
    return engine.handleReply(reply);
  }

  @Override
  public SagaExpectation expect(UUID sagaId) {
    return new SagaExpectation(engine, sagaId);
  }

  @Override
  public SagaEngine engine() { return engine; }

  @Override
  public SagaStore store() { return store; }

  /** @return the saga database, e.g. to create the tables the saga's local steps write to */
  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  public TestClock clock() { return clock; }

  /** @return what the outbox relay published: the engine's commands and the outcome hooks' events */
  public RecordingEventPublisher publisher() { return publisher; }

  @Override
  public void close() {
    relay.close();
    if (ownsStore) {
      store.close();
    }
  }
}
