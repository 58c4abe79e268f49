package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaJson;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.nats.SagaReplyHandlers;
import dev.natsaga.saga.store.SagaStore;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SagaTestKit} scenarios against a real nats-server: the same given/expect API ({@link #on(String)}
 * scripts, {@link #start}, {@link #settle()}, {@link #expect(UUID)}), with everything a service runs in between.
 *
 * <ul>
 * <li>a real {@link SagaOrchestrator} — outbox relay publishing through the framework, one durable reply consumer
 *     per reply type, the deadline scanner — on a fresh in-memory H2 database (or the store you give it), with the
 *     system clock;</li>
 * <li>each {@link ScriptedParticipant} is a framework handler (a durable consumer of service
 *     {@value #PARTICIPANT_SERVICE}) on its command subject that answers through NATS with the {@code sagaid},
 *     {@code sagastep} and {@code commandid} of the command, {@code correlationid} inherited and {@code causationid} =
 *     the command's event id, as a {@code SagaParticipant} does;</li>
 * <li>a fresh {@code APP_ENV} per kit ({@code kit-...}), so kits never see each other's messages, even on one server;
 *     its streams (memory storage) are deleted on {@link #close()}.</li>
 * </ul>
 *
 * <p>{@link #settle()} waits in real time (no clock to jump): until every saga the kit started is completed,
 * compensated or parked, no outbox row is unpublished, every command to a scripted type was handled and every reply
 * the participants sent was handled — or fails after {@link Builder#settleTimeout(Duration)} with what is pending and
 * the timelines of the active sagas. Keep step timeouts and retry delays short (hundreds of milliseconds) in
 * scenarios that run over NATS.
 *
 * <pre>{@code
 * try (NatsSagaTestKit kit = NatsSagaTestKit.builder("nats://127.0.0.1:4222").settleTimeout(Duration.ofSeconds(10)).build()) {
 *     kit.on("payment.transaction.authorize.v1").noReply().reply("payment.transaction.authorized.v1", new Authorized("p-1"));
 *     UUID id = kit.start(booking, state);          // booking: authorize-payment .timeout(500 ms).retry(Retry.fixed(2, 100 ms))
 *     kit.settle();
 *     kit.expect(id).status(SagaStatus.COMPLETED).loggedTimes("authorize-payment", StepPhase.EXECUTE, StepOutcome.TIMED_OUT, 1);
 * }
 * }</pre>
 *
 * <p>Differences from the in-memory kit: no {@code advance}/{@code deliver}/{@code clock} (time is real); scripted
 * participants handle one command at a time each, in the order the stream delivers them; a reply type no definition
 * declares still gets a reply consumer (created before the participant publishes it), so the engine records it as it
 * would in memory. Only the kit's own participants count as "in flight"; your own services may join the kit's
 * environment ({@link #environment()}), but {@code settle()} then waits only for the sagas.
 */
public final class NatsSagaTestKit implements SagaScenarioKit {

  /** Service name of the orchestrator's runtimes (the reply consumers are {@code natsaga-testkit__saga-replies-...}). */
  public static final String ORCHESTRATOR_SERVICE = "natsaga-testkit";
  /** Service name of the scripted participants' runtimes. */
  public static final String PARTICIPANT_SERVICE = "natsaga-testkit-participant";

  private static final Logger LOG = LoggerFactory.getLogger(NatsSagaTestKit.class);
  /** The poll interval of {@link #settle(Duration)} in milliseconds. */
  public static final long POLL_MILLIS = 25;

  private final String natsUrl;
  private final String environment;
  private final boolean ownsEnvironment;
  private final SagaStore store;
  private final boolean ownsStore;
  private final SagaOrchestratorOptions orchestratorOptions;
  private final SagaEngine engine;
  private final SagaOrchestrator orchestrator;
  private final Duration settleTimeout;
  private final SagaJson json = SagaJson.shared();
  private final KitTraffic traffic = new KitTraffic();
  private final KitReplies replies = new KitReplies(traffic);
  private final Object lock = new Object();
  private final KitParticipants participants;
  private final Set<String> replyTypes = ConcurrentHashMap.newKeySet();
  private final Set<UUID> started = ConcurrentHashMap.newKeySet();
  private final KitRuntimes runtimes;
  private final KitSettler settler;
  private final Natsaga base;
  private volatile boolean closed;

  private NatsSagaTestKit(Builder b) {
    this.natsUrl = b.natsUrl;
    this.ownsEnvironment = b.environment == null;
    this.environment = ownsEnvironment ? KitRuntimes.freshEnvironment() : b.environment;
    this.runtimes = new KitRuntimes(natsUrl, environment, b.natsOptions);
    this.settleTimeout = b.settleTimeout;
    this.orchestratorOptions = b.orchestratorOptions;
    if (b.store != null) {
      this.store = b.store;
      this.ownsStore = false;
    } else {
      JdbcSagaStore h2 = SagaTestKit.openInMemoryStore(8);
      this.store = new ShutdownOnClose(h2);
      this.ownsStore = true;
    }
    this.engine = SagaEngine.builder().store(store).claimLease(Duration.ofSeconds(5)).build();
    this.orchestrator = SagaOrchestrator.builder().store(store).engine(engine).definitions(b.definitions)
        .options(orchestratorOptions).build();
    this.participants = new KitParticipants(runtimes, store, json, traffic, this::sendReply);
    this.settler = new KitSettler(engine, store, traffic, started, participants::types,
        natsUrl + ", environment " + environment);
    replyTypes.addAll(SagaReplyHandlers.replyTypes(b.definitions));
    try {
      this.base = runtime(ORCHESTRATOR_SERVICE, orchestrator.replyHandlers(), countReplies());
      orchestrator.start(new KitCommandPublisher(base.publisher(), domain -> runtimes.ensureDomain(base, domain), traffic));
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    LOG.info("saga test kit over NATS at {} in environment {}", natsUrl, environment);
  }

  /** @param natsUrl a nats-server with JetStream, e.g. {@code nats://127.0.0.1:4222} (see {@link Builder}) */
  public static Builder builder(String natsUrl) {
    return new Builder(natsUrl);
  }

  /** {@code builder(natsUrl).build()}. */
  public static NatsSagaTestKit start(String natsUrl) {
    return builder(natsUrl).build();
  }

  @Override
  public NatsSagaTestKit register(SagaDefinition<?> definition) {
    Objects.requireNonNull(definition, "definition");
    synchronized (lock) {
      requireOpen();
      engine.registry().register(definition);
      addReplyConsumers(SagaReplyHandlers.replyTypes(List.of(definition)));
    }
    return this;
  }

  /** The scripted participant for a command type; the first call starts its consumer on {@code {env}.{commandType}}. */
  @Override
  public ScriptedParticipant on(String commandType) {
    ScriptedParticipant existing = participants.get(commandType);
    if (existing != null) {
      return existing;
    }
    synchronized (lock) {
      requireOpen();
      return participants.getOrStart(commandType);
    }
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState) {
    return start(definition, initialState, null);
  }

  @Override
  public <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey) {
    register(definition);
    UUID id = engine.start(definition, initialState, callerKey);
    started.add(id);
    return id;
  }

  /** Waits up to the kit's settle timeout; see {@link #settle(Duration)}. */
  @Override
  public void settle() {
    settle(settleTimeout);
  }

  /**
   * Waits until the sagas this kit started are no longer active and nothing is in flight (two observations in a
   * row, {@value #POLL_MILLIS} ms apart, with the same counts).
   *
   * @throws AssertionError after {@code timeout}, naming what is pending, with the timelines of the active sagas
   */
  public void settle(Duration timeout) {
    settler.settle(timeout);
  }

  /** Hands a reply to the engine directly (not over NATS), e.g. a late or forged reply. */
  @Override
  public ReplyDisposition reply(SagaReply reply) {
    return engine.handleReply(reply);
  }

  @Override
  public SagaExpectation expect(UUID sagaId) {
    return new SagaExpectation(engine, sagaId);
  }

  @Override
  public SagaEngine engine() {
    return engine;
  }

  /** The running orchestrator (its relay and deadline scanner). */
  public SagaOrchestrator orchestrator() {
    return orchestrator;
  }

  @Override
  public SagaStore store() {
    return store;
  }

  @Override
  public DataSource dataSource() {
    return store.dataSource();
  }

  /** The kit's {@code APP_ENV}: subjects are {@code {env}.{type}}; run your own services in it to join the scenario. */
  public String environment() {
    return environment;
  }

  public String natsUrl() {
    return natsUrl;
  }

  /**
   * The orchestrator's runtime (service {@value #ORCHESTRATOR_SERVICE}): its publisher publishes into the kit's
   * environment, e.g. to send a forged reply over NATS.
   */
  public Natsaga natsaga() {
    return base;
  }

  /**
   * Stops the orchestrator and the participants, deletes the kit's streams (when the kit chose the environment)
   * and closes the in-memory database (not a store given to the builder).
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeQuietly();
  }

  private void closeQuietly() {
    orchestrator.close();
    runtimes.closeKept();
    if (base != null) {
      if (ownsEnvironment) {
        runtimes.deleteStreams(base);
      }
      KitRuntimes.close(base);
    }
    if (ownsStore) {
      store.close();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this test kit is closed");
    }
  }

  /** Publishes one scripted reply as a participant would; called on a participant's consumer thread. */
  private void sendReply(Natsaga participant, Event<CloudEvent> command, SagaReply reply) {
    ensureReplyConsumer(reply.type());
    replies.send(participant, command, reply);
  }

  /** A reply type no registered definition declares gets a consumer too, so the engine records it as in memory. */
  private void ensureReplyConsumer(String type) {
    if (!replyTypes.contains(type)) {
      synchronized (lock) {
        if (!closed) {
          addReplyConsumers(List.of(type));
        }
      }
    }
  }

  /** Starts one runtime with a durable reply consumer for each of {@code types} that has none yet; under the lock. */
  private void addReplyConsumers(Collection<String> types) {
    List<HandlerRegistration<?>> missing = types.stream().filter(type -> !replyTypes.contains(type))
        .<HandlerRegistration<?>>map(type -> SagaReplyHandlers.forType(type, () -> engine, orchestratorOptions::replyConsumer))
        .toList();
    if (!missing.isEmpty()) {
      runtimes.keep(runtime(ORCHESTRATOR_SERVICE, missing, countReplies()));
      missing.forEach(r -> replyTypes.add(r.type().name()));
    }
  }

  private Middleware countReplies() {
    return traffic.countingReplies(orchestratorOptions.replyMaxDeliver());
  }

  private Natsaga runtime(String service, Collection<? extends HandlerRegistration<?>> handlers, Middleware... middleware) {
    return runtimes.start(runtimes.build(service, handlers, middleware), service);
  }

  /** Builds a {@link NatsSagaTestKit}; only the NATS URL is required. */
  public static final class Builder {
    private final String natsUrl;
    private String environment;
    private SagaStore store;
    private final List<SagaDefinition<?>> definitions = new ArrayList<>();
    private SagaOrchestratorOptions orchestratorOptions = SagaOrchestratorOptions.builder()
        .deadlineInterval(Duration.ofMillis(50))
        .relayPollInterval(Duration.ofMillis(100))
        .publishTimeout(Duration.ofSeconds(5))
        .build();
    private Duration settleTimeout = Duration.ofSeconds(20);
    private UnaryOperator<NatsagaOptions.Builder> natsOptions = UnaryOperator.identity();

    private Builder(String natsUrl) {
      if (natsUrl == null || natsUrl.isBlank()) {
        throw new IllegalArgumentException("the saga test kit over NATS needs the URL of a nats-server with JetStream, e.g. nats://127.0.0.1:4222");
      }
      this.natsUrl = natsUrl;
    }

    /**
     * A fixed {@code APP_ENV} instead of a fresh {@code kit-...} one per kit; its streams are then kept on close.
     * Two kits in one environment share subjects and consumers: do not run them at the same time.
     */
    public Builder environment(String value) {
      this.environment = Environment.of(value).name();
      return this;
    }

    /** The saga store (e.g. a PostgreSQL {@code JdbcSagaStore}); not closed by the kit. Default: a fresh in-memory H2 database. */
    public Builder store(SagaStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /** Definitions whose reply consumers start with the kit ({@link #register} adds more later). */
    public Builder definitions(SagaDefinition<?>... values) {
      Arrays.stream(values).forEach(d -> definitions.add(Objects.requireNonNull(d, "definition")));
      return this;
    }

    /**
     * The orchestrator's settings. Default: deadline scan every 50 ms, relay poll every 100 ms, publish acks awaited
     * 5 s (the relay is also woken after every commit).
     */
    public Builder orchestratorOptions(SagaOrchestratorOptions value) {
      this.orchestratorOptions = Objects.requireNonNull(value, "orchestratorOptions");
      return this;
    }

    /** How long {@link #settle()} waits (default 20 s). */
    public Builder settleTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("settleTimeout must be positive, got " + value);
      }
      this.settleTimeout = value;
      return this;
    }

    /**
     * Adjusts the runtimes' options (credentials, TLS, stream settings...) after the kit's defaults (memory streams
     * kept 1 h, 50 ms–1 s consumer backoff, 5 s shutdown); the service name and environment are the kit's.
     */
    public Builder natsOptions(UnaryOperator<NatsagaOptions.Builder> adjust) {
      this.natsOptions = Objects.requireNonNull(adjust, "natsOptions");
      return this;
    }

    /** Connects and starts the orchestrator. */
    public NatsSagaTestKit build() {
      return new NatsSagaTestKit(this);
    }
  }
}
