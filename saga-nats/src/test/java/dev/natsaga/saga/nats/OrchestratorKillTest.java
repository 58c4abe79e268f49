package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of an orchestrator process in the middle of 200 sagas: the restarted process brings every saga
 * to its end, and no local step, remote step or participant side effect happens twice. The saga database is a
 * fresh PostgreSQL schema shared by the test (for the assertions) and the orchestrator processes; the payment
 * participant runs in the test JVM with its own database.
 */
@Timeout(150)
class OrchestratorKillTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int SAGAS = 200;

  private final List<Process> processes = new ArrayList<>();
  private PostgresTestDatabase database;
  private ParticipantRuntime participant;

  @AfterEach
  void cleanUp() throws Exception {
    processes.forEach(Process::destroyForcibly);
    if (participant != null) {
      participant.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void killedOrchestratorProcessRestartsAndFinishesEverySagaExactlyOnce() throws Exception {
    String env = TestNats.freshEnv();
    database = new PostgresTestDatabase();
    participant = ParticipantRuntime.start(NATS.url(), env);
    participant.payment.latency(20);
    SagaDatabaseOptions options = database.options();
    Db db = new Db(options);

    Process first = launch(env, options, 1, "1:0");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance") == SAGAS
            && db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'") >= 40);
    first.destroyForcibly();
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    restartAndCheck(env, options, db, "1:0");
  }

  /**
   * Both sides batched (16 replies per transaction of the saga store, 16 commands per participant transaction); the
   * orchestrator process halts right after a batch of replies committed and before their acknowledgements: the
   * restarted process gets them again and records them as duplicates, nothing happens twice.
   */
  @Test
  void batchedOrchestratorHaltedBetweenCommitAndAckRestartsAndFinishesEverySagaExactlyOnce() throws Exception {
    String env = TestNats.freshEnv();
    database = new PostgresTestDatabase();
    participant = ParticipantRuntime.start(NATS.url(), env, faults -> { }, new BatchOptions(16, Duration.ofMillis(5)));
    participant.payment.latency(2);
    SagaDatabaseOptions options = database.options();
    Db db = new Db(options);

    Process first = launch(env, options, 1, "16:150");
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("halted after 150 committed replies").isTrue();
    long duplicatesBefore = db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome = 'DUPLICATE_REPLY'");
    restartAndCheck(env, options, db, "16:0");
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE outcome = 'DUPLICATE_REPLY'"))
        .as("the committed but unacknowledged replies, redelivered").isGreaterThan(duplicatesBefore);
  }

  private void restartAndCheck(String env, SagaDatabaseOptions options, Db db, String batch) throws Exception {
    long doneAtKill = db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'");
    assertThat(doneAtKill).as("killed in the middle").isLessThan(SAGAS);
    long inFlight = db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'RUNNING'");
    long unpublished = db.count("SELECT COUNT(*) FROM saga_outbox WHERE published_at IS NULL");
    System.out.printf("kill -9 with %d sagas completed, %d running, %d commands unpublished%n", doneAtKill, inFlight, unpublished);
    assertThat(inFlight).isPositive();

    Process second = launch(env, options, 2, batch);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'") == SAGAS);
    stop(second);

    assertThat(db.count("SELECT COUNT(*) FROM saga_instance")).as("caller keys: no saga started twice").isEqualTo(SAGAS);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step FROM shop_step_exec GROUP BY saga_id, step"
        + " HAVING COUNT(*) > 1) d")).as("local steps executed twice").isZero();
    assertThat(db.count("SELECT COUNT(*) FROM shop_step_exec")).isEqualTo(SAGAS * 2L);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step_name FROM saga_step_log WHERE phase = 'EXECUTE'"
        + " AND outcome = 'SUCCEEDED' GROUP BY saga_id, step_name HAVING COUNT(*) > 1) d")).as("steps succeeding twice").isZero();
    assertThat(db.count("SELECT COUNT(*) FROM saga_step_log WHERE phase = 'EXECUTE' AND outcome = 'SUCCEEDED'"))
        .isEqualTo(SAGAS * 4L);
    assertThat(participant.payment.count("SELECT COUNT(*) FROM (SELECT saga_id, kind FROM payment_effect GROUP BY saga_id, kind"
        + " HAVING COUNT(*) > 1) d")).as("participant side effects twice").isZero();
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect")).isEqualTo(SAGAS * 2L);
    assertThat(db.count("SELECT COUNT(*) FROM saga_outbox WHERE published_at IS NULL")).isZero();
  }

  private Process launch(String env, SagaDatabaseOptions db, int n, String batch) throws Exception {
    Path logs = Path.of("target", "orchestrator-process");
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx256m", "-Dnatsaga.log=INFO", "-cp", System.getProperty("java.class.path"),
        OrchestratorProcess.class.getName(), NATS.url(), env, db.url(), db.user(), db.password(), String.valueOf(SAGAS),
        "shop", batch);
    File log = logs.resolve("run-" + env + "-" + n + ".log").toFile();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    processes.add(process);
    return process;
  }

  private static void stop(Process process) throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
