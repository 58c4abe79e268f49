package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.JdbcProjector;
import dev.natsaga.eventstore.ProjectionLag;
import dev.natsaga.eventstore.StartPosition;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDBC projector on H2 and PostgreSQL: exactly once, live, restart, rebuild, start from a sequence or a time, lag. */
class ProjectorTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static long append(EventStore store, int accounts, int each, long n0) {
    long total = 0;
    for (int a = 0; a < accounts; a++) {
      var key = Stores.account("p" + a);
      long v = store.version(key);
      for (int i = 0; i < each; i++) {
        store.append(key, v + i, Stores.deposited("w", n0 + i));
        total++;
      }
      store.append(key, v + each, OutgoingEvent.event("bank.account.audited.v1", "not projected").build());
    }
    return total;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void appliesEachEventOnceLiveAcrossRestartsAndRebuilds(String kind, Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    try (TestDb db = TestDb.create(kind)) {
      ProjectorMain.createTables(db);
      append(store, 5, 40, 0);
      JdbcProjector projector = ProjectorMain.projector(nc, db.dataSource(), env, 0);
      projector.start();
      assertThat(projector.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(db.number("SELECT amount FROM totals")).isEqualTo(200);

      append(store, 5, 10, 100);
      assertThat(projector.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      ProjectionLag lag = projector.lag();
      assertThat(lag.pending()).isZero();
      assertThat(lag.checkpoint()).isEqualTo(lag.lastSequence());
      projector.close();

      append(store, 2, 10, 200);
      assertThat(projector.lag().caughtUp()).isFalse();
      JdbcProjector restarted = ProjectorMain.projector(nc, db.dataSource(), env, 0);
      restarted.start();
      assertThat(restarted.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertExactlyOnce(db, 270);

      restarted.rebuild();
      assertThat(restarted.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertExactlyOnce(db, 270);
      restarted.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void startsFromASequenceOrATime(String kind, Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    try (TestDb db = TestDb.create(kind)) {
      ProjectorMain.createTables(db);
      append(store, 1, 30, 0);
      long cut = store.load(Stores.account("p0")).events().get(20).sequence();
      Thread.sleep(1100);
      Instant later = Instant.now();
      append(store, 1, 5, 100);
      JdbcProjector projector = ProjectorMain.projector(nc, db.dataSource(), env, 0);

      projector.startFrom(StartPosition.sequence(cut));
      assertThat(projector.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(db.number("SELECT MIN(seq) FROM applied")).isEqualTo(cut);
      assertThat(db.number("SELECT COUNT(*) FROM applied")).isEqualTo(10 + 5);

      db.sql("DELETE FROM applied");
      projector.startFrom(StartPosition.time(later));
      assertThat(projector.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(db.number("SELECT COUNT(*) FROM applied")).isEqualTo(5);
      assertThat(db.number("SELECT MIN(n) FROM applied")).isEqualTo(100);
      projector.close();
    }
  }

  static void assertExactlyOnce(TestDb db, long events) {
    assertThat(db.number("SELECT COUNT(*) FROM applied")).isEqualTo(events);
    assertThat(db.number("SELECT COUNT(DISTINCT seq) FROM applied")).isEqualTo(events);
    assertThat(db.number("SELECT amount FROM totals")).isEqualTo(events);
  }
}
