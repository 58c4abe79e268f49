package dev.natsaga.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The booking saga written by hand on raw jnats and JDBC, with the guarantees the samples give, as a team would write it
 * without natsaga: the baseline the saga rows compare the framework with.
 *
 * <ul>
 *   <li>{@link HandWrittenBooking}: {@code POST /bookings} on the JDK's HTTP server writes the booking and its authorize
 *       command to an outbox table in one transaction and answers 202 after the commit; the reply consumer advances
 *       the booking (authorized → capture command; captured → confirmed, outcome event) in one transaction per reply,
 *       a reply that does not match the booking's step being a duplicate; {@link HandWrittenRelay} publishes the
 *       outbox after commit (commit before publish), with the row id as {@code Nats-Msg-Id}.</li>
 *   <li>{@link HandWrittenPayment}: the participant claims each command id in a processed-commands table in the same
 *       transaction as the payment, stores its reply there and publishes it after the commit, then acks; a
 *       redelivered command gets the stored reply again (idempotent participant).</li>
 * </ul>
 * Durable JetStream streams and pull consumers (explicit ack), {@value #WORKERS} worker threads per consumer. On H2
 * every commit is written to the file when it returns ({@code WRITE_DELAY=0}: durable commits without natsaga's group
 * commit); PostgreSQL keeps {@code synchronous_commit} on.
 */
final class HandWrittenSaga implements SagaSystem {

  static final int WORKERS = 4;

  private final BenchContext ctx;
  private final String env;
  private final SagaDatabases databases;
  private final Connection nats;
  private final HikariDataSource bookingDb;
  private final HikariDataSource paymentDb;
  private final HandWrittenRelay relay;
  private final HandWrittenBooking booking;
  private final HandWrittenPayment payment;
  private final SagaOutcomes outcomes;

  private HandWrittenSaga(BenchContext ctx, String env, SagaDatabases databases) throws Exception {
    this.ctx = ctx;
    this.env = env;
    this.databases = databases;
    this.nats = BenchContext.connect(ctx.serverUrl(), "bench-hand-written-saga");
    createStreams(ctx.management(), env);
    this.bookingDb = pool(databases.bookingUrl(), databases.user(), "hw-booking");
    this.paymentDb = pool(databases.paymentUrl(), databases.user(), "hw-payment");
    createTables(bookingDb, paymentDb);
    this.relay = new HandWrittenRelay(bookingDb, nats.jetStream());
    this.payment = new HandWrittenPayment(env, paymentDb, nats);
    this.booking = new HandWrittenBooking(env, bookingDb, nats, relay);
    this.outcomes = SagaOutcomes.subscribe(ctx, env).postingTo(booking.httpPort());
  }

  /** Creates the streams and tables of a fresh environment and starts the two services and the relay. */
  static HandWrittenSaga start(BenchContext ctx, SagaDatabases databases) throws Exception {
    try {
      return new HandWrittenSaga(ctx, ctx.freshEnv("hw"), databases);
    } catch (Exception | Error e) {
      databases.close();
      throw e;
    }
  }

  @Override
  public CompletableFuture<Outcome> book(long startNanos) {
    return outcomes.book(startNanos);
  }

  /** Messages and commits per saga so far, over {@code sagas} sagas. */
  SagaFootprint footprint(long sagas) throws Exception {
    return SagaFootprint.of(ctx, env, databases, sagas);
  }

  @Override
  public int inFlight() {
    return outcomes.inFlight();
  }

  /**
   * Checks that every booking is {@code CONFIRMED} and its payment {@code CAPTURED} (the load has drained) and
   * returns the count.
   *
   * @throws IllegalStateException naming what was found otherwise
   */
  long verifyAllConfirmed() throws SQLException {
    long bookings = count(bookingDb, "SELECT COUNT(*) FROM hw_booking");
    long confirmed = count(bookingDb, "SELECT COUNT(*) FROM hw_booking WHERE status = 'CONFIRMED'");
    long captured = count(paymentDb, "SELECT COUNT(*) FROM hw_payment WHERE status = 'CAPTURED'");
    if (confirmed != bookings || captured != bookings) {
      throw new IllegalStateException("hand-written saga after the load: " + bookings + " bookings, " + confirmed
          + " confirmed, " + captured + " payments captured");
    }
    return bookings;
  }

  /** A count from the booking ({@code booking = true}) or the payment database. */
  long count(boolean booking, String sql) throws SQLException {
    return count(booking ? bookingDb : paymentDb, sql);
  }

  /** The first column of the first row {@code sql} (with {@code args}) finds in the booking database. */
  String bookingValue(String sql, Object... args) throws SQLException {
    try (java.sql.Connection c = bookingDb.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The environment's subject prefix ({@code APP_ENV}). */
  String env() {
    return env;
  }

  private static long count(DataSource db, String sql) throws SQLException {
    try (java.sql.Connection c = db.getConnection(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      booking.close();
      payment.close();
      relay.close();
      outcomes.close();
      nats.close();
      bookingDb.close();
      paymentDb.close();
    } finally {
      SagaFixture.deleteStreams(ctx, env);
      databases.close();
    }
  }

  /** Subject of the hand-written saga's commands and replies in {@code env}. */
  static String subject(String env, String rest) {
    return env + ".hw." + rest;
  }

  /**
   * A durable pull consumer on {@code subject} whose messages {@code handler} processes on {@value #WORKERS} threads.
   * @return the consumer and its workers, to close
   */
  static AutoCloseable consume(Connection nats, String env, String durable, String subject, Consumer<Message> handler)
      throws IOException, JetStreamApiException {
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    MessageConsumer consumer = nats.getStreamContext(stream(env)).createOrUpdateConsumer(ConsumerConfiguration.builder()
        .durable(durable).filterSubject(subject).ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30))
        .maxAckPending(1_000).build()).consume(m -> workers.execute(() -> handler.accept(m)));
    return () -> {
      consumer.stop();
      workers.shutdown();
      consumer.close();
    };
  }

  private static String stream(String env) {
    return env.toUpperCase(Locale.ROOT) + "_HW";
  }

  private static void createStreams(JetStreamManagement jsm, String env) throws IOException, JetStreamApiException {
    jsm.addStream(StreamConfiguration.builder().name(stream(env)).subjects(env + ".hw.>").storageType(StorageType.File).build());
    jsm.addStream(StreamConfiguration.builder().name(stream(env) + "_EVENTS").subjects(env + ".booking.appointment.>")
        .storageType(StorageType.File).build());
  }

  private static void createTables(DataSource booking, DataSource payment) throws SQLException {
    execute(booking, """
        CREATE TABLE hw_booking (booking_id VARCHAR(36) PRIMARY KEY, slot_id VARCHAR(200) NOT NULL UNIQUE,
          customer_id VARCHAR(200) NOT NULL, amount BIGINT NOT NULL, currency VARCHAR(3) NOT NULL, status VARCHAR(16) NOT NULL,
          step VARCHAR(16) NOT NULL, payment_id VARCHAR(36), created_at TIMESTAMP WITH TIME ZONE NOT NULL,
          updated_at TIMESTAMP WITH TIME ZONE NOT NULL)""",
        """
        CREATE TABLE hw_outbox (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, subject VARCHAR(500) NOT NULL,
          payload TEXT NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, published_at TIMESTAMP WITH TIME ZONE)""",
        "CREATE INDEX ix_hw_outbox_unpublished ON hw_outbox (published_at, id)");
    execute(payment, """
        CREATE TABLE hw_payment (booking_id VARCHAR(36) PRIMARY KEY, payment_id VARCHAR(36) NOT NULL, status VARCHAR(16) NOT NULL,
          amount BIGINT NOT NULL, currency VARCHAR(3) NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)""",
        """
        CREATE TABLE hw_processed_command (command_id VARCHAR(200) PRIMARY KEY, reply_subject VARCHAR(500) NOT NULL,
          reply TEXT NOT NULL, processed_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
  }

  private static void execute(DataSource db, String... statements) throws SQLException {
    try (java.sql.Connection c = db.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** A pool on {@code url}; on H2 every commit is written when it returns ({@code WRITE_DELAY=0}). */
  private static HikariDataSource pool(String url, String user, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.startsWith("jdbc:h2:") ? url.replaceAll("WRITE_DELAY=\\d+", "WRITE_DELAY=0") : url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(2 * WORKERS + 8);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }
}
