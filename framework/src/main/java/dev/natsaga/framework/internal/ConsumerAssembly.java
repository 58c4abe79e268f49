package dev.natsaga.framework.internal;

import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.PayloadCodec;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.idempotency.IdempotencyMiddleware;
import dev.natsaga.framework.idempotency.KvIdempotencyStore;
import dev.natsaga.framework.idempotency.PipelinedClaims;
import dev.natsaga.framework.observe.internal.Observability;
import dev.natsaga.framework.payload.PayloadPipeline;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Builds one handler's {@link DurableConsumer} from its {@link HandlerRegistration}: the handler chain (correlation,
 * tracing, the application's middleware, per-key in-place retries, idempotency, and for a batch handler the
 * batch join), the {@link MessageProcessor} with the payload stages, the circuit breaker, the rate limit, the
 * pipelined idempotency claims and the subject routing. Created by the runtime once connected; it keeps the circuit
 * breakers it made, for their health and for closing.
 */
public final class ConsumerAssembly {

  private final Connection connection;
  private final NatsagaOptions options;
  private final List<Middleware> middleware;
  private final PayloadPipeline pipeline;
  private final CloudEventCodec codec;
  private final PayloadCodec payloads;
  private final ScheduledExecutorService scheduler;
  private final Observability observability;
  private final List<CircuitBreakingStep> circuits = new ArrayList<>();
  private KvIdempotencyStore idempotencyStore;

  /** The runtime's parts the consumers share; {@code connection} is connected. */
  public record Parts(Connection connection, NatsagaOptions options, List<Middleware> middleware, PayloadPipeline pipeline,
      CloudEventCodec codec, PayloadCodec payloads, ScheduledExecutorService scheduler, Observability observability) {
  }

  public ConsumerAssembly(Parts parts) {
    this.connection = parts.connection();
    this.options = parts.options();
    this.middleware = List.copyOf(parts.middleware());
    this.pipeline = parts.pipeline();
    this.codec = parts.codec();
    this.payloads = parts.payloads();
    this.scheduler = parts.scheduler();
    this.observability = parts.observability();
  }

  /** The consumer of {@code h}, not started. */
  public DurableConsumer consumer(HandlerRegistration<?> h) throws IOException, JetStreamApiException {
    ConsumerOptions consumerOptions = consumerOptions(h);
    HandlerInfo info = new HandlerInfo(h.type(), h.durableName(options.serviceName()),
        options.environment().streamName(h.type().domain()), h.idempotent());
    DeadLetterSender deadLetters = new DeadLetterSender(connection.jetStream(), options.environment(), connection::getMaxPayload);
    PipelinedClaims claims = h.idempotent() ? new PipelinedClaims(idempotencyStore(), info.durableName(), codec) : null;
    AtomicInteger inFlight = new AtomicInteger();
    MessageProcessor processor = new MessageProcessor(info, h.payloadType(), consumerOptions, codec, payloads,
        chain(h, info, claims, inFlight::get), deadLetters, pipeline);
    Optional<CircuitBreakingStep> circuit = h.circuitBreaker().map(o -> new CircuitBreakingStep(info, o, scheduler));
    MessageStep step = observability.consume(info, circuit.isPresent() ? circuit.get().wrap(processor) : processor);
    if (h.rateLimit().isPresent()) {
      step = new RateLimitingStep(info, h.rateLimit().getAsDouble(), step);
    }
    DurableConsumer consumer = new DurableConsumer(connection, info, routing(h), consumerOptions, step, deadLetters, scheduler)
        .withArrivals(arrivals(h, claims, inFlight));
    circuit.ifPresent(c -> {
      c.attach(consumer);
      circuits.add(c);
    });
    return consumer;
  }

  /** Pipelined idempotency claims and, for a batch handler, the count of messages in flight. */
  private static Arrivals arrivals(HandlerRegistration<?> h, PipelinedClaims claims, AtomicInteger inFlight) {
    Arrivals arrivals = claims == null ? Arrivals.NONE : Arrivals.of(claims::arrived, claims::settled);
    return h.batchHandler().isEmpty() ? arrivals
        : arrivals.and(Arrivals.of(msg -> inFlight.incrementAndGet(), msg -> inFlight.decrementAndGet()));
  }

  /** The circuit breakers of the consumers built so far. */
  public List<CircuitBreakingStep> circuits() {
    return circuits;
  }

  /** Closes the circuit breakers' timers. */
  public void close() {
    circuits.forEach(CircuitBreakingStep::close);
    circuits.clear();
  }

  /** The handler's consumer settings; a batch handler gets at least {@code maxBatch} threads, so a batch can fill. */
  private ConsumerOptions consumerOptions(HandlerRegistration<?> h) {
    ConsumerOptions o = h.options(options.consumers());
    if (h.batchHandler().isPresent() && o.concurrency() < h.batchOptions().maxBatch()) {
      return o.withConcurrency(h.batchOptions().maxBatch());
    }
    return o;
  }

  private ConsumerRouting routing(HandlerRegistration<?> h) {
    String subject = options.environment().subject(h.type());
    List<String> filters = new ArrayList<>(h.aggregateEvents() ? List.of(subject, subject + ".>") : List.of(subject));
    if (h.olderVersions()) {
      String family = h.type().name().substring(0, h.type().name().lastIndexOf('.') + 2);
      for (int v = 1; v < h.type().version(); v++) {
        filters.add(options.environment().subject(EventType.parse(family + v)));
      }
    }
    if (h.orderedByKey() && !connection.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
      throw new IllegalStateException("handler " + h.name() + " is ordered by key, which needs nats-server 2.11+ (priority groups); the server is "
          + connection.getServerInfo().getVersion() + ": upgrade it or drop orderedByKey()");
    }
    return new ConsumerRouting(filters, h.orderedByKey());
  }

  @SuppressWarnings("unchecked")
  private EventHandler<Object> chain(HandlerRegistration<?> h, HandlerInfo info, PipelinedClaims claims, IntSupplier inFlight)
      throws IOException, JetStreamApiException {
    EventHandler<Object> handler = h.batchHandler().isPresent()
        ? new BatchJoin(info, h.batchHandler().get(), h.batchOptions(), observability.batchObserver(), inFlight)
        : (EventHandler<Object>) h.handler();
    if (h.idempotent()) {
      handler = new IdempotencyMiddleware(idempotencyStore(), claims).wrap(info, handler);
    }
    if (h.orderedByKey()) {
      handler = new InPlaceRetryMiddleware(consumerOptions(h)).wrap(info, handler);
    }
    for (int i = middleware.size() - 1; i >= 0; i--) {
      handler = middleware.get(i).wrap(info, handler);
    }
    if (observability.handlerMiddleware().isPresent()) {
      handler = observability.handlerMiddleware().get().wrap(info, handler);
    }
    return new CorrelationMiddleware().wrap(info, handler);
  }

  private KvIdempotencyStore idempotencyStore() throws IOException, JetStreamApiException {
    if (idempotencyStore == null) {
      idempotencyStore = KvIdempotencyStore.create(connection, options.environment(), options.idempotencyTtl(), options.streams().replicas());
    }
    return idempotencyStore;
  }
}
