package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.JdbcProjector;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A projection process killed with kill -9 in the middle of a replay resumes with every event applied exactly once. */
class ProjectorKillTest {

  private static final int EVENTS = 2000;

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void killedMidReplayResumesExactlyOnce(Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore store = Stores.store(nc, env);
    for (int a = 0; a < 20; a++) {
      List<OutgoingEvent<?>> batch = new ArrayList<>();
      for (int i = 0; i < EVENTS / 20; i++) {
        batch.add(Stores.deposited("w", a * 1000L + i));
      }
      store.append(Stores.account("k" + a), 0, batch);
    }
    try (TestDb db = TestDb.postgres()) {
      ProjectorMain.createTables(db);
      Process first = projector(env, db);
      awaitRows(db, 300, first);
      first.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no rollback, mid-transaction
      long atKill = db.number("SELECT COUNT(*) FROM applied");
      assertThat(atKill).as("killed in the middle").isBetween(300L, EVENTS - 1L);

      Process second = projector(env, db);
      try {
        JdbcProjector observer = ProjectorMain.projector(nc, db.dataSource(), env, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!observer.lag().caughtUp() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(observer.lag().caughtUp()).isTrue();
      } finally {
        second.destroyForcibly().waitFor();
      }
      ProjectorTest.assertExactlyOnce(db, EVENTS);
    }
  }

  private static Process projector(String env, TestDb db) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), ProjectorMain.class.getName(),
        NATS.url(), env, db.url(), "2").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void awaitRows(TestDb db, long rows, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (db.number("SELECT COUNT(*) FROM applied") >= rows) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the projector applied fewer than " + rows + " events in 60 s (alive: " + p.isAlive() + ")");
  }
}
