package dev.natsaga.saga.testkit;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.internal.json.SagaJson;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.nats.SagaReplyHandlers;
import dev.natsaga.saga.outbox.OutboxMessage;
import dev.natsaga.saga.store.SagaStore;
import io.cloudevents.CloudEvent;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
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
    private final UnaryOperator<NatsagaOptions.Builder> natsOptions;
    private final SagaStore store;
    private final DataSource dataSource;
    private final boolean ownsStore;
    private final SagaOrchestratorOptions orchestratorOptions;
    private final SagaEngine engine;
    private final SagaOrchestrator orchestrator;
    private final Duration settleTimeout;
    private final SagaJson json = SagaJson.shared();
    private final KitTraffic traffic = new KitTraffic();
    private final Object lock = new Object();
    private final Map<String, ScriptedParticipant> participants = new ConcurrentHashMap<>();
    private final Set<String> replyTypes = ConcurrentHashMap.newKeySet();
    private final Set<String> domains = ConcurrentHashMap.newKeySet();
    private final Set<String> replyIds = ConcurrentHashMap.newKeySet();
    private final Set<UUID> started = ConcurrentHashMap.newKeySet();
    private final List<Natsaga> runtimes = new CopyOnWriteArrayList<>();
    private final Natsaga base;
    private volatile boolean closed;

    private NatsSagaTestKit(Builder b) {
        this.natsUrl = b.natsUrl;
        this.ownsEnvironment = b.environment == null;
        this.environment = ownsEnvironment ? freshEnvironment() : b.environment;
        this.natsOptions = b.natsOptions;
        this.settleTimeout = b.settleTimeout;
        this.orchestratorOptions = b.orchestratorOptions;
        if (b.store != null) {
            this.store = b.store;
            this.dataSource = b.store instanceof JdbcSagaStore jdbc ? jdbc.dataSource() : null;
            this.ownsStore = false;
        } else {
            JdbcSagaStore h2 = SagaTestKit.openInMemoryStore(8);
            this.store = new ShutdownOnClose(h2);
            this.dataSource = h2.dataSource();
            this.ownsStore = true;
        }
        this.engine = SagaEngine.builder().store(store).claimLease(Duration.ofSeconds(5)).build();
        this.orchestrator = SagaOrchestrator.builder().store(store).engine(engine).definitions(b.definitions)
                .options(orchestratorOptions).build();
        replyTypes.addAll(SagaReplyHandlers.replyTypes(b.definitions));
        try {
            this.base = runtime(ORCHESTRATOR_SERVICE, orchestrator.replyHandlers(), countReplies());
            orchestrator.start(new KitCommandPublisher(base.publisher(), this::ensureDomain, traffic));
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
            List<HandlerRegistration<?>> missing = new ArrayList<>();
            for (String type : SagaReplyHandlers.replyTypes(List.of(definition))) {
                if (!replyTypes.contains(type)) {
                    missing.add(SagaReplyHandlers.forType(type, () -> engine, orchestratorOptions::replyConsumer));
                }
            }
            if (!missing.isEmpty()) {
                runtimes.add(runtime(ORCHESTRATOR_SERVICE, missing, countReplies()));
                missing.forEach(r -> replyTypes.add(r.type().name()));
            }
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
            ScriptedParticipant participant = participants.get(commandType);
            if (participant == null) {
                participant = new ScriptedParticipant(commandType, json);
                AtomicReference<Natsaga> self = new AtomicReference<>();
                HandlerRegistration<CloudEvent> handler = HandlerRegistration.on(commandType, CloudEvent.class,
                                new KitParticipantHandler(participant, store, (command, reply) -> sendReply(self.get(), command, reply), traffic))
                        .options(o -> o.withConcurrency(1))
                        .build();
                Natsaga runtime = build(PARTICIPANT_SERVICE, List.of(handler));
                self.set(runtime);
                runtimes.add(startRuntime(runtime, PARTICIPANT_SERVICE));
                participants.put(commandType, participant);
            }
            return participant;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        String quietBefore = null;
        while (true) {
            Observation now = observe();
            if (now.quiet()) {
                if (now.signature().equals(quietBefore)) {
                    return;
                }
                quietBefore = now.signature();
            } else {
                quietBefore = null;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(now.describe(timeout));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the sagas to settle", e);
            }
        }
    }

    private Observation observe() {
        List<UUID> active = started.stream()
                .filter(id -> store.findInstance(id).map(i -> i.status().isActive()).orElse(false))
                .toList();
        long unpublished = unpublishedCommands();
        KitTraffic.Snapshot counts = traffic.snapshot();
        return new Observation(active, unpublished, counts, Set.copyOf(participants.keySet()));
    }

    private long unpublishedCommands() {
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM saga_outbox WHERE published_at IS NULL")) {
                return rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new IllegalStateException("counting unpublished commands failed: " + e.getMessage(), e);
            }
        }
        return store.inTransaction(tx -> (long) tx.lockUnpublished(1).size());
    }

    private final class Observation {
        private final List<UUID> active;
        private final long unpublished;
        private final KitTraffic.Snapshot counts;
        private final Set<String> consumed;

        Observation(List<UUID> active, long unpublished, KitTraffic.Snapshot counts, Set<String> consumed) {
            this.active = active;
            this.unpublished = unpublished;
            this.counts = counts;
            this.consumed = consumed;
        }

        boolean quiet() {
            return active.isEmpty() && unpublished == 0 && counts.caughtUp(consumed);
        }

        String signature() {
            return counts.signature();
        }

        String describe(Duration timeout) {
            StringBuilder out = new StringBuilder("sagas did not settle within ").append(timeout.toMillis())
                    .append(" ms over NATS (").append(natsUrl).append(", environment ").append(environment).append("): ")
                    .append(active.size()).append(" of ").append(started.size()).append(" saga(s) still active")
                    .append("\n  in flight: ").append(unpublished).append(" command(s) not yet published; ").append(counts.describe(consumed));
            for (UUID id : active) {
                Optional<SagaView> view = engine.find(id);
                out.append('\n').append(view.map(Timeline::render).orElse("saga " + id + ": not found"));
            }
            return out.toString();
        }
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
        if (dataSource == null) {
            throw new IllegalStateException("this test kit runs on " + store.getClass().getSimpleName() + ", which has no DataSource");
        }
        return dataSource;
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
        for (Natsaga runtime : runtimes) {
            closeRuntime(runtime);
        }
        runtimes.clear();
        if (base != null) {
            if (ownsEnvironment) {
                deleteStreams();
            }
            closeRuntime(base);
        }
        if (ownsStore) {
            store.close();
        }
    }

    private void deleteStreams() {
        try {
            JetStreamManagement jsm = base.connection().jetStreamManagement();
            String probe = Environment.of(environment).streamName("x");
            String prefix = probe.substring(0, probe.length() - 1);
            for (String stream : jsm.getStreamNames()) {
                if (stream.startsWith(prefix)) {
                    jsm.deleteStream(stream);
                }
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("could not delete the streams of test kit environment {}: {}", environment, e.toString());
        }
    }

    private static void closeRuntime(Natsaga runtime) {
        try {
            runtime.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("closing a test kit runtime failed: {}", e.toString());
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
        OutgoingEvent.Builder<byte[]> event = OutgoingEvent.of(reply.type(), reply.payload())
                .id(replyId(reply.id()))
                .subject(command.subject())
                .causedBy(command)
                .extension(OutboxMessage.SAGA_ID, reply.sagaId().toString())
                .extension(OutboxMessage.SAGA_STEP, reply.step());
        if (reply.commandId() != null) {
            event.extension(OutboxMessage.COMMAND_ID, reply.commandId().toString());
        }
        traffic.replyPublishing();
        try {
            participant.publisher().publish(event.build());
        } catch (RuntimeException e) {
            traffic.replyNotPublished();
            throw e;
        }
    }

    /** The reply's own id, unless it is not an event id or was sent already (the stream would drop it as a duplicate). */
    private String replyId(String id) {
        String candidate = id;
        try {
            if (!UUID.fromString(id).toString().equalsIgnoreCase(id)) {
                candidate = UUID.randomUUID().toString();
            }
        } catch (IllegalArgumentException e) {
            candidate = UUID.randomUUID().toString();
        }
        while (!replyIds.add(candidate)) {
            candidate = UUID.randomUUID().toString();
        }
        return candidate;
    }

    /** A reply type no registered definition declares gets a consumer too, so the engine records it as in memory. */
    private void ensureReplyConsumer(String type) {
        if (replyTypes.contains(type)) {
            return;
        }
        synchronized (lock) {
            if (!replyTypes.contains(type) && !closed) {
                runtimes.add(runtime(ORCHESTRATOR_SERVICE,
                        List.of(SagaReplyHandlers.forType(type, () -> engine, orchestratorOptions::replyConsumer)), countReplies()));
                replyTypes.add(type);
            }
        }
    }

    private void ensureDomain(String domain) {
        if (domains.contains(domain)) {
            return;
        }
        try {
            base.streamProvisioner().ensureDomain(domain);
            domains.add(domain);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("could not provision the stream of domain '" + domain + "' in environment "
                    + environment + ": " + e.getMessage(), e);
        }
    }

    /** Counts a reply as handled when the engine took it, or when it is dead-lettered (it will never be handled). */
    private Middleware countReplies() {
        int maxDeliver = orchestratorOptions.replyMaxDeliver();
        return (info, next) -> event -> {
            try {
                next.handle(event);
                traffic.replyHandled();
            } catch (NonRetryableException e) {
                traffic.replyHandled();
                throw e;
            } catch (Exception | Error e) {
                if (event.delivery().deliveryCount() >= maxDeliver) {
                    traffic.replyHandled();
                }
                throw e;
            }
        };
    }

    private Natsaga runtime(String service, Collection<? extends HandlerRegistration<?>> handlers, Middleware... middleware) {
        return startRuntime(build(service, handlers, middleware), service);
    }

    private Natsaga build(String service, Collection<? extends HandlerRegistration<?>> handlers, Middleware... middleware) {
        NatsagaOptions.Builder options = natsOptions.apply(NatsagaOptions.builder()
                .natsUrl(natsUrl)
                .shutdownTimeout(Duration.ofSeconds(5))
                .streams(StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1)))
                .deadLetterStream(StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1)))
                .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))));
        Natsaga.Builder builder = Natsaga.builder(options.serviceName(service).environment(environment).build()).handlers(handlers);
        Arrays.stream(middleware).forEach(builder::middleware);
        return builder.build();
    }

    private Natsaga startRuntime(Natsaga runtime, String service) {
        try {
            return runtime.start();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeRuntime(runtime);
            throw new IllegalStateException("the saga test kit could not start " + service + " over NATS at " + natsUrl
                    + " (environment " + environment + "): " + e.getMessage(), e);
        }
    }

    private static String freshEnvironment() {
        return "kit-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36);
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
