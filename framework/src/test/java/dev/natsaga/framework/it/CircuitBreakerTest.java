package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.health.ComponentHealth;
import dev.natsaga.framework.health.HealthStatus;
import dev.natsaga.framework.observe.MetricNames;
import dev.natsaga.test.nats.NatsServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler writing each event to a database (H2 over TCP) whose server is stopped for 30 s while 1,000 events arrive.
 * With a circuit breaker the consumer stops pulling, probes, and resumes: nothing is dead-lettered and all 1,000 are
 * handled after the database returns. Without one (the old behaviour) each event is retried {@code maxDeliver} times
 * with backoff and then dead-lettered, to be replayed by an operator.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class CircuitBreakerTest {

  static {
    // the H2 client retries a refused connection 16 times with growing sleeps (about 1.5 s); a stopped database
    // should fail a call at once, as a real pool's connection attempt to a down database does
    System.setProperty("h2.socketConnectRetry", "0");
  }

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String SERVICE = "ledger-service";
  private static final int EVENTS = 1000;
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  /** The framework's defaults, so the old behaviour is the one a service gets. */
  private static final ConsumerOptions CONSUMER = ConsumerOptions.defaults();

  private Server database;
  private int port;
  private String url;

  @AfterEach
  void stopDatabase() {
    if (database != null) {
      database.stop();
    }
  }

  @Test
  void withABreakerNothingIsDeadLetteredAndEveryEventIsHandledOnceTheDatabaseIsBack() throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Set<HealthStatus> circuitHealthSeen = ConcurrentHashMap.newKeySet();
    Set<Double> circuitStatesSeen = ConcurrentHashMap.newKeySet();
    CircuitBreakerOptions breaker = CircuitBreakerOptions.defaults().withOpenWait(Duration.ofSeconds(1), Duration.ofSeconds(8));
    HandlerRegistration<Confirmed> handler = recorder().circuitBreaker(breaker).build();
    try (Natsaga natsaga = start(metrics, handler)) {
      String circuit = "circuit:" + handler.durableName(SERVICE);
      Outage outage = outage(natsaga, () -> {
        circuitHealthSeen.add(component(natsaga, circuit).status());
        circuitStatesSeen.add(metrics.get(MetricNames.CIRCUIT_STATE).gauge().value());
      });

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> handled() == EVENTS);
      System.out.printf("breaker: %d handled %.1f s after the database returned, %d dead letters, %d handler calls,"
          + " highest delivery count seen by the handler %d, %.0f deliveries held, opened %.0f time(s)%n",
          handled(), (System.nanoTime() - outage.backAtNanos) / 1e9, natsaga.deadLetters().count(), outage.calls.get(),
          maxDelivery.get(), metrics.get(MetricNames.EVENTS_CONSUMED).tag("outcome", "held").counter().count(),
          metrics.get(MetricNames.CIRCUIT_OPENED).functionCounter().count());
      assertThat(natsaga.deadLetters().count()).as("dead letters").isZero();
      assertThat(circuitStatesSeen).as("gauge: opened during the outage").contains(1.0);
      assertThat(circuitHealthSeen).as("health: circuit DOWN during the outage").contains(HealthStatus.DOWN);
      await().atMost(Duration.ofSeconds(10)).until(() -> component(natsaga, circuit).status() == HealthStatus.UP);
      assertThat(metrics.get(MetricNames.CIRCUIT_STATE).gauge().value()).isZero();
      assertThat(outage.calls.get()).as("the handler was not hammered during the outage").isLessThan(EVENTS * 2L);
      assertThat(maxDelivery.get()).as("an outage costs a message a few deliveries, well below maxDeliver")
          .isLessThan(CONSUMER.maxDeliver());
    }
  }

  @Test
  void withoutABreakerEveryEventIsRetriedThenDeadLettered() throws Exception {
    try (Natsaga natsaga = start(new SimpleMeterRegistry(), recorder().build())) {
      Outage outage = outage(natsaga, () -> { });
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> handled() + natsaga.deadLetters().count() == EVENTS);
      long dead = natsaga.deadLetters().count();
      System.out.printf("no breaker: %d handled, %d dead letters, %d handler calls%n", handled(), dead, outage.calls.get());
      assertThat(dead).as("events dead-lettered during the outage").isGreaterThan(EVENTS * 9L / 10);
      assertThat(outage.calls.get()).as("each dead letter took maxDeliver failed calls").isGreaterThanOrEqualTo(dead * CONSUMER.maxDeliver());
    }
  }

  /** Handler calls (failed or not) during the outage and when the database came back. */
  private record Outage(AtomicLong calls, long backAtNanos) {
  }

  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong maxDelivery = new AtomicLong();

  private HandlerRegistration.Builder<Confirmed> recorder() {
    return HandlerRegistration.onEvent(CONFIRMED, Confirmed.class, e -> {
      calls.incrementAndGet();
      maxDelivery.accumulateAndGet(e.delivery().deliveryCount(), Math::max);
      try (Connection c = DriverManager.getConnection(url, "sa", "");
           PreparedStatement ps = c.prepareStatement("MERGE INTO handled (event_id) KEY (event_id) VALUES (?)")) {
        ps.setString(1, e.id());
        ps.executeUpdate();
      }
    }).options(o -> CONSUMER);
  }

  private Natsaga start(SimpleMeterRegistry metrics, HandlerRegistration<?> handler) throws Exception {
    database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    port = database.getPort();
    url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:breaker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    sql("CREATE TABLE handled (event_id VARCHAR(64) PRIMARY KEY)");
    return Natsaga.builder(TestNatsaga.options(NATS.url(), TestNatsaga.freshEnv(), SERVICE).build())
        .domains("booking").handler(handler).meterRegistry(metrics).build().start();
  }

  /** Stops the database, publishes the events over 10 s, watches {@code during} each 200 ms, restarts it after 30 s. */
  private Outage outage(Natsaga natsaga, Runnable during) throws Exception {
    database.stop();
    long downAt = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      natsaga.publisher().publish(CONFIRMED, new Confirmed("b-" + i, i));
      if (i % 100 == 99) {
        Thread.sleep(1000);
      }
    }
    while (System.nanoTime() - downAt < OUTAGE.toNanos()) {
      during.run();
      Thread.sleep(200);
    }
    database = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
    return new Outage(calls, System.nanoTime());
  }

  private static ComponentHealth component(Natsaga natsaga, String name) {
    return natsaga.health().readiness().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private long handled() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM handled")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
