package dev.natsaga.framework;

import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.codec.PayloadCodec;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.dlq.DeadLetters;
import dev.natsaga.framework.health.Health;
import dev.natsaga.framework.internal.ConsumerAssembly;
import dev.natsaga.framework.internal.DurableConsumer;
import dev.natsaga.framework.internal.NamedThreads;
import dev.natsaga.framework.internal.NatsConnector;
import dev.natsaga.framework.internal.NatsEventPublisher;
import dev.natsaga.framework.observe.internal.Observability;
import dev.natsaga.framework.payload.PayloadPipeline;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.framework.request.EventRequester;
import dev.natsaga.framework.stream.StreamProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's natsaga runtime: the connection, the publisher, the durable consumers of its
 * handlers, dead letters and request-reply. Plain Java: build it, {@link #start()} it, and
 * {@link #close()} it for a graceful shutdown (stop fetching, finish handlers and publishes, drain).
 *
 * <pre>{@code
 * Natsaga natsaga = Natsaga.builder(NatsagaOptions.fromEnvironment())
 *     .handler(HandlerRegistration.onCommand("payment.transaction.authorize.v1", Authorize.class, this::authorize).build())
 *     .domains("payment")
 *     .build();
 * natsaga.start();
 * natsaga.publisher().publish("payment.transaction.authorized.v1", authorized);
 * }</pre>
 *
 * <p>Observability is opt-in: {@link Builder#meterRegistry} switches on the {@code natsaga.*} metrics and
 * {@link Builder#openTelemetry} the spans (see {@link dev.natsaga.framework.observe}); {@link #health()} always
 * has the {@code nats}, {@code jetstream} and {@code consumer:*} components once started.
 */
public final class Natsaga implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Natsaga.class);

  private final NatsagaOptions options;
  private final List<HandlerRegistration<?>> handlers;
  private final List<Middleware> middleware;
  private final PayloadPipeline pipeline;
  private final Set<String> domains;
  private final CloudEventCodec codec = new CloudEventCodec();
  private final PayloadCodec payloads = new PayloadCodec(Json.mapper());
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, NamedThreads.factory("natsaga-scheduler"));
  private final List<DurableConsumer> consumers = new ArrayList<>();
  private ConsumerAssembly assembly;
  private volatile Connection connection;
  private final Observability observability;
  private final Health health;
  private EventPublisher publisher;
  private EventFactory events;
  private volatile boolean started;
  private boolean failed;

  private Natsaga(Builder b) {
    this.options = b.options;
    this.handlers = List.copyOf(b.handlers);
    this.middleware = List.copyOf(b.middleware);
    this.pipeline = PayloadPipeline.of(b.payloadStages);
    this.domains = new LinkedHashSet<>(b.domains);
    handlers.forEach(h -> domains.add(h.type().domain()));
    this.observability = new Observability(b.meterRegistry, b.openTelemetry, options.observability(), options.environment());
    this.health = new Health(options.observability().healthTimeout().plusSeconds(1));
    checkUniqueNames();
  }

  public static Builder builder(NatsagaOptions options) {
    return new Builder(options);
  }

  /**
   * Connects, provisions the streams, and starts every handler's consumer. When any of that fails,
   * everything it opened (consumers, connection, threads) is closed before the error is rethrown,
   * so a service whose {@code main} lets the error escape exits; such a runtime cannot be started again.
   *
   * @throws IOException when NATS cannot be reached (the message names NATS_URL) or has JetStream disabled
   * @throws JetStreamApiException when JetStream refuses a stream or consumer
   * @throws dev.natsaga.framework.stream.StreamConflictException when an existing stream differs from the settings
   */
  public synchronized Natsaga start() throws IOException, JetStreamApiException {
    if (started) {
      return this;
    }
    if (failed) {
      throw new IllegalStateException("natsaga service " + options.serviceName() + " failed to start before; build a new Natsaga");
    }
    try {
      connectAndConsume();
    } catch (IOException | JetStreamApiException | RuntimeException | Error e) {
      failed = true;
      closeAfterFailedStart(e);
      throw e;
    }
    return this;
  }

  private void connectAndConsume() throws IOException, JetStreamApiException {
    connection = NatsConnector.connect(options.connection(), options.serviceName());
    NatsConnector.requireJetStream(connection);
    events = new EventFactory(options.serviceName(), payloads, observability.traceInjector(), pipeline);
    publisher = observability.publisher(new NatsEventPublisher(connection.jetStream(), connection.jetStreamManagement(),
        options.environment(), events, codec, options.publisher(), scheduler, observability.traceInjector(),
        observability.publishRetries()));
    if (options.provisionStreams()) {
      provision();
    }
    assembly = new ConsumerAssembly(new ConsumerAssembly.Parts(connection, options, middleware, pipeline, codec, payloads,
        scheduler, observability));
    for (HandlerRegistration<?> h : handlers) {
      DurableConsumer consumer = assembly.consumer(h);
      consumer.start();
      consumers.add(consumer);
    }
    observability.start(connection, consumers, health);
    observability.watch(assembly.circuits(), health);
    started = true;
    LOG.info("natsaga started: service {} in env {}, {} handler(s), streams for {}", options.serviceName(),
        options.environment(), handlers.size(), domains);
  }

  /** Closes what a failed start opened, without waiting: nothing was handled or published yet. */
  private void closeAfterFailedStart(Throwable cause) {
    Connection c = connection;
    connection = null;
    try {
      for (DurableConsumer consumer : consumers) {
        consumer.stop(Duration.ZERO);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      consumers.clear();
      closeCircuits();
      NatsConnector.closeQuietly(c);
      scheduler.shutdownNow();
    }
  }

  private void provision() throws IOException, JetStreamApiException {
    StreamProvisioner provisioner = streamProvisioner();
    for (String domain : domains) {
      provisioner.ensureDomain(domain);
    }
    provisioner.ensureDeadLetters();
  }

  private void closeCircuits() {
    if (assembly != null) {
      assembly.close();
    }
  }

  private void checkUniqueNames() {
    Set<String> names = new LinkedHashSet<>();
    for (HandlerRegistration<?> h : handlers) {
      if (!names.add(h.name())) {
        throw new IllegalArgumentException("two handlers are named '" + h.name() + "' in service " + options.serviceName()
            + "; give one a distinct name with HandlerRegistration.Builder.name(...)");
      }
    }
  }

  /** The publisher; available after {@link #start()}. */
  public EventPublisher publisher() {
    requireStarted();
    return publisher;
  }

  /** Lists and replays dead letters of this environment. */
  public DeadLetters deadLetters() {
    requireStarted();
    return new DeadLetters(connection, options.environment());
  }

  /** Request-reply over core NATS with CloudEvents both ways. */
  public EventRequester requester() {
    requireStarted();
    return new EventRequester(connection, options.environment(), events, codec, payloads);
  }

  /** Creates streams on demand (e.g. for a domain this service only publishes to). */
  public StreamProvisioner streamProvisioner() throws IOException {
    requireStarted();
    return new StreamProvisioner(connection.jetStreamManagement(), options.environment(), options.streams(), options.deadLetterStream());
  }

  /** The NATS connection, for what the framework does not cover. */
  public Connection connection() {
    requireStarted();
    return connection;
  }

  public NatsagaOptions options() {
    return options;
  }

  /**
   * The service's health components: {@code nats} (a round trip), {@code jetstream} (account info) and
   * {@code consumer:<durable>} per handler once started; register the database, the outbox and the like here.
   */
  public Health health() {
    return health;
  }

  /** Whether the connection reports CONNECTED (the client's flag; {@link #health()} checks for real). */
  public boolean isHealthy() {
    Connection c = connection;
    return started && c != null && c.getStatus() == Connection.Status.CONNECTED;
  }

  private void requireStarted() {
    if (connection == null) {
      throw new IllegalStateException("natsaga is not started: call start() first");
    }
  }

  /**
   * Graceful shutdown: stop fetching, wait for handlers in flight, wait for asynchronous publishes,
   * then drain the connection; each within the shutdown timeout.
   */
  @Override
  public synchronized void close() throws InterruptedException {
    if (connection == null) {
      scheduler.shutdownNow();
      return;
    }
    started = false;
    Duration timeout = options.shutdownTimeout();
    for (DurableConsumer c : consumers) {
      c.stop(timeout);
    }
    consumers.clear();
    closeCircuits();
    observability.close();
    publisher.awaitInFlight(timeout);
    try {
      connection.drain(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("NATS drain did not finish cleanly: {}", e.toString());
      connection.close();
    }
    scheduler.shutdownNow();
    connection = null;
    LOG.info("natsaga stopped: service {}", options.serviceName());
  }

  /** Builds a {@link Natsaga}. */
  public static final class Builder {
    private final NatsagaOptions options;
    private final List<HandlerRegistration<?>> handlers = new ArrayList<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<PayloadStage> payloadStages = new ArrayList<>();
    private final Set<String> domains = new LinkedHashSet<>();
    private MeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry;

    private Builder(NatsagaOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    public Builder handler(HandlerRegistration<?> registration) {
      handlers.add(Objects.requireNonNull(registration, "registration"));
      return this;
    }

    public Builder handlers(Iterable<? extends HandlerRegistration<?>> registrations) {
      registrations.forEach(this::handler);
      return this;
    }

    /** Adds middleware around every handler; the first added is the outermost. */
    public Builder middleware(Middleware m) {
      middleware.add(Objects.requireNonNull(m, "middleware"));
      return this;
    }

    /**
     * Adds a payload stage (schema validation, upcasting, encryption, claim-check): outgoing events pass the stages in
     * the order added, incoming ones in reverse order ({@link PayloadPipeline}).
     */
    public Builder payloadStage(PayloadStage stage) {
      payloadStages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /** Domains whose streams start-up provisions besides those of the handled types (e.g. ones this service publishes to). */
    public Builder domains(String... names) {
      for (String d : names) {
        EventType.parse(d + ".x.y.v1");
        domains.add(d);
      }
      return this;
    }

    /** Records the {@code natsaga.*} metrics in {@code registry} (none set: no metrics, no cost). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Traces publish and consume with {@code openTelemetry} (the application's SDK, e.g. from autoconfigure;
     * none set: no spans, no cost). Context travels as W3C {@code traceparent} whatever its propagators.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    public Natsaga build() {
      return new Natsaga(this);
    }
  }
}
