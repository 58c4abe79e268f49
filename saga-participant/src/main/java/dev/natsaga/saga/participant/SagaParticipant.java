package dev.natsaga.saga.participant;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.outbox.Durability;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participant side of sagas: handle a command, do the work in the participant's own database, and reply
 * success or failure so the saga can correlate it. Each handler is a framework {@link HandlerRegistration}
 * (a durable queue-group consumer of the command type).
 *
 * <p>Per delivery, in one transaction of the participant's {@link DataSource}: the command id is claimed in
 * {@code saga_participant_command}, the {@link CommandHandler} runs on the same connection, and its reply is
 * recorded; after commit the reply is published to {@code {env}.{reply type}} with {@code sagaid},
 * {@code sagastep} and {@code commandid} echoed, {@code correlationid} inherited from the command (the saga id)
 * and {@code causationid} = the command's event id. A repeated command (same {@code commandid}: a redelivery, or
 * the saga's retry after a timeout) gets the stored reply published again, with a new event id, and the handler
 * does not run: one side effect, the same answer. Two deliveries racing on different instances serialize on the
 * claim; the loser answers with the winner's reply.
 *
 * <pre>{@code
 * SagaParticipant payments = SagaParticipant.builder()
 *     .name("payment-service")               // the key of its rows in saga_participant_command
 *     .dataSource(paymentDb)                 // the participant's own database
 *     .build()
 *     .migrate();                            // creates saga_participant_command if missing
 * Natsaga natsaga = Natsaga.builder(options)
 *     .handler(payments.handle("payment.transaction.authorize.v1", Authorize.class, cmd -> {
 *         if (cmd.data().amount() > limit) {
 *             return cmd.fail("payment.transaction.declined.v1", new Declined("amount above limit"));
 *         }
 *         String id = payments.insert(cmd.connection(), cmd.data());   // commits with the reply
 *         return cmd.succeed("payment.transaction.authorized.v1", new Authorized(id));
 *     }))
 *     .build();
 * payments.publishWith(natsaga);             // replies go out through this runtime
 * natsaga.start();
 * }</pre>
 *
 * <p>Replies are events of the participant's domain: the stream of the command's domain (provisioned by the
 * runtime for the handled type) captures them when the reply type has the same domain; otherwise provision the
 * reply domain with {@code Natsaga.Builder.domains(...)}.
 */
public final class SagaParticipant {

  /** Flyway location of the participant table's migrations. */
  public static final String MIGRATIONS = "classpath:db/migration/natsaga-participant";
  /** Flyway history table of those migrations (coexists with the application's and the saga store's). */
  public static final String HISTORY_TABLE = "natsaga_participant_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(SagaParticipant.class);

  private final String name;
  private final DataSource dataSource;
  private final Clock clock;
  private final CircuitBreakerOptions circuitBreaker;
  private volatile Supplier<EventPublisher> publisher;

  private SagaParticipant(Builder b) {
    this.name = b.name;
    this.dataSource = b.dataSource;
    this.clock = b.clock;
    this.circuitBreaker = b.circuitBreaker;
    this.publisher = b.publisher;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Creates or upgrades {@code saga_participant_command} in the participant's database; idempotent. */
  public SagaParticipant migrate() {
    try {
      Flyway.configure(SagaParticipant.class.getClassLoader()).dataSource(dataSource)
          .locations(MIGRATIONS).table(HISTORY_TABLE)
          .baselineOnMigrate(true).baselineVersion("0")
          .load().migrate();
      return this;
    } catch (RuntimeException e) {
      throw new ParticipantStoreException("migrating the participant table of " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Sends replies through {@code natsaga}'s publisher (resolved on the first reply, so call it before or after start). */
  public SagaParticipant publishWith(Natsaga natsaga) {
    Objects.requireNonNull(natsaga, "natsaga");
    this.publisher = natsaga::publisher;
    return this;
  }

  /**
   * The handler for one command type with the service's consumer defaults.
   *
   * @param commandType an imperative type, e.g. {@code payment.transaction.authorize.v1}
   * @param payloadType the class the command's data binds to (data that does not bind is dead-lettered)
   */
  public <T> HandlerRegistration<T> handle(String commandType, Class<T> payloadType, CommandHandler<T> handler) {
    return handle(commandType, payloadType, handler, UnaryOperator.identity());
  }

  /** Like {@link #handle(String, Class, CommandHandler)}, with this consumer's settings adjusted, e.g. {@code o -> o.withConcurrency(8)}. */
  public <T> HandlerRegistration<T> handle(String commandType, Class<T> payloadType, CommandHandler<T> handler,
                      UnaryOperator<ConsumerOptions> options) {
    String type = EventType.command(commandType).name();
    Objects.requireNonNull(handler, "handler");
    return withBreaker(HandlerRegistration.onCommand(type, payloadType,
        new ParticipantHandler<>(new CommandExecution<>(this, type, handler))).options(options)).build();
  }

  /**
   * The handler for one command type answering a batch of commands in one transaction of the participant's database:
   * up to {@code batch.maxBatch()} commands, each run by {@code handler} on the same connection after its own savepoint
   * (one that throws is rolled back and retried alone), one commit for all, then the replies published; a command is
   * acknowledged only after its reply is committed and published. Same guarantees as {@link #handle}: one side effect
   * per command id, a repeat answered with the stored reply.
   *
   * <pre>{@code
   * natsaga.handler(payments.handleBatch("payment.transaction.authorize.v1", Authorize.class, authorize,
   *     new BatchOptions(32, Duration.ofMillis(2)), o -> o));
   * }</pre>
   */
  public <T> HandlerRegistration<T> handleBatch(String commandType, Class<T> payloadType, CommandHandler<T> handler,
                      BatchOptions batch, UnaryOperator<ConsumerOptions> options) {
    String type = EventType.command(commandType).name();
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(batch, "batch");
    return withBreaker(HandlerRegistration.onCommandBatch(type, payloadType,
        new ParticipantBatchHandler<>(new CommandExecution<>(this, type, handler)))
        .batch(batch.maxBatch(), batch.maxWait()).options(options)).build();
  }

  private <T> HandlerRegistration.Builder<T> withBreaker(HandlerRegistration.Builder<T> b) {
    return circuitBreaker == null ? b : b.circuitBreaker(circuitBreaker);
  }

  /** @return how many recorded commands older than {@code before} were deleted (repeats of them would run again) */
  public int purgeProcessed(Instant before) {
    try (Connection c = dataSource.getConnection()) {
      int deleted = ProcessedCommands.purge(c, before);
      LOG.info("purged {} processed command(s) of {} older than {}", deleted, name, before);
      return deleted;
    } catch (SQLException e) {
      throw new ParticipantStoreException("purging processed commands of " + name + " failed: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /**
   * Waits until the commands' commits are durable before their replies go out (a reply must never announce an effect
   * a crash could still undo): the group commit of an H2 file database with a write delay, nothing otherwise.
   */
  void awaitDurable() {
    Durability.of(dataSource).awaitDurable();
  }

  DataSource dataSource() {
    return dataSource;
  }

  Clock clock() {
    return clock;
  }

  EventPublisher publisher() {
    Supplier<EventPublisher> p = publisher;
    if (p == null) {
      throw new IllegalStateException("saga participant '" + name + "' has no publisher for its replies: call"
          + " publishWith(natsaga) or SagaParticipant.builder().publisher(...)");
    }
    return p.get();
  }

  /** Builds a {@link SagaParticipant}; {@code name} and {@code dataSource} are required. */
  public static final class Builder {
    private String name;
    private DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private CircuitBreakerOptions circuitBreaker;
    private Supplier<EventPublisher> publisher;

    private Builder() {
    }

    /** The participant's name (e.g. the service name): the key of its rows in {@code saga_participant_command}. */
    public Builder name(String value) { this.name = value; return this; }

    /** The participant's own database: its business tables and {@code saga_participant_command}. */
    public Builder dataSource(DataSource value) { this.dataSource = value; return this; }

    /** The publisher for replies, e.g. an injected {@link EventPublisher}. */
    public Builder publisher(EventPublisher value) {
      Objects.requireNonNull(value, "publisher");
      this.publisher = () -> value;
      return this;
    }

    /** A publisher resolved on the first reply. */
    public Builder publisher(Supplier<EventPublisher> value) { this.publisher = Objects.requireNonNull(value, "publisher"); return this; }

    /** Clock for {@code processed_at} (default UTC system clock). */
    public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value, "clock"); return this; }

    /**
     * A circuit breaker on every command handler of this participant ({@code HandlerRegistration.Builder.circuitBreaker}):
     * while the participant's database fails, its consumers stop pulling instead of using up the commands' deliveries
     * and dead-lettering them. None by default.
     */
    public Builder circuitBreaker(CircuitBreakerOptions value) {
      this.circuitBreaker = Objects.requireNonNull(value, "circuitBreaker");
      return this;
    }

    public SagaParticipant build() {
      if (name == null || name.isBlank() || name.length() > 200) {
        throw new IllegalArgumentException("a saga participant needs a name of 1-200 characters (e.g. the service name), got '" + name + "'");
      }
      Objects.requireNonNull(dataSource, "a saga participant needs its database: dataSource(...)");
      return new SagaParticipant(this);
    }
  }
}
