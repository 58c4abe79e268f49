package dev.natsaga.saga.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.testdb.H2TestDatabase;
import dev.natsaga.saga.testdb.PostgresTestDatabase;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * {@code kill -9} of an orchestrator process while sagas are inside a parallel group ({@link ParallelShopSaga}: half
 * the orders are declined, so their group waits for the capture branch, voids it and releases the stock). A second
 * process finishes every saga: no branch was sent with a second command id (so the participant acted once per branch),
 * no compensation was lost or ran twice. On PostgreSQL and on an H2 file; the payment participant runs in the test JVM.
 */
@Timeout(360)
class ParallelGroupKillTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final int SAGAS = 200;
  /** Orders 100..199 have amounts above PaymentParticipant.DECLINE_ABOVE. */
  private static final int DECLINED = 100;

  private final List<Process> processes = new ArrayList<>();
  private AutoCloseable database;
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
  void onPostgreSql() throws Exception {
    PostgresTestDatabase postgres = new PostgresTestDatabase();
    database = postgres;
    killInsideParallelGroupsAndRestart(postgres.options());
  }

  /**
   * The same on an H2 file database in H2's automatic mixed mode: the test JVM opens it first and keeps a connection,
   * so it serves the file over TCP to the orchestrator processes (the database outlives them, as a database server
   * does).
   */
  @Test
  void onH2() throws Exception {
    H2TestDatabase h2 = new H2TestDatabase();
    SagaDatabaseOptions file = h2.options();
    SagaDatabaseOptions shared = SagaDatabaseOptions.builder().url(file.url() + ";AUTO_SERVER=TRUE")
        .user(file.user()).password(file.password()).build();
    Connection owner = DriverManager.getConnection(shared.url(), shared.user(), shared.password());
    database = () -> {
      owner.close();
      h2.close();
    };
    killInsideParallelGroupsAndRestart(shared);
  }

  /**
   * The first process is killed with sagas inside their group; a second process ends them all: each branch sent under
   * one command id, the participant acting once per branch, every compensation done once.
   */
  private void killInsideParallelGroupsAndRestart(SagaDatabaseOptions options) throws Exception {
    String env = TestNats.freshEnv();
    participant = ParticipantRuntime.start(NATS.url(), env);
    participant.payment.latency(20);
    Db db = new Db(options);

    Process first = launch(env, options, 1);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance") == SAGAS
            && db.count("SELECT COUNT(*) FROM saga_instance WHERE status IN ('COMPLETED', 'COMPENSATED')") >= 30
            && db.count("SELECT COUNT(*) FROM saga_instance WHERE branches_json IS NOT NULL") >= 10);
    first.destroyForcibly();
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long inGroups = db.count("SELECT COUNT(*) FROM saga_instance WHERE branches_json IS NOT NULL");
    long ended = db.count("SELECT COUNT(*) FROM saga_instance WHERE status IN ('COMPLETED', 'COMPENSATED')");
    System.out.printf("kill -9 (%s) with %d sagas ended, %d inside their parallel group%n", options.url(), ended, inGroups);
    assertThat(inGroups).as("killed inside parallel groups").isPositive();

    Process second = launch(env, options, 2);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT COUNT(*) FROM saga_instance WHERE status IN ('COMPLETED', 'COMPENSATED')") == SAGAS);
    stop(second);

    assertThat(db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPLETED'")).isEqualTo(SAGAS - DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM saga_instance WHERE status = 'COMPENSATED'")).isEqualTo(DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step_name FROM saga_step_log WHERE phase = 'EXECUTE'"
        + " AND command_id IS NOT NULL GROUP BY saga_id, step_name HAVING COUNT(DISTINCT command_id) > 1) d"))
        .as("branches sent under a second command id").isZero();
    assertThat(participant.payment.count("SELECT COUNT(*) FROM (SELECT saga_id, kind FROM payment_effect"
        + " WHERE kind IN ('authorize', 'capture') GROUP BY saga_id, kind HAVING COUNT(*) > 1) d"))
        .as("a branch's side effect twice").isZero();
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect WHERE kind IN ('authorize', 'capture')"))
        .isEqualTo(SAGAS * 2L);
    assertThat(participant.payment.count("SELECT COUNT(*) FROM payment_effect WHERE kind = 'void'"))
        .as("one void per declined saga: its capture branch (the declined authorization needs none)").isEqualTo(DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM shop_step_exec WHERE step = 'reserve-stock:undo'")).isEqualTo(DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM shop_step_exec WHERE step = 'confirm-order'")).isEqualTo(SAGAS - DECLINED);
    assertThat(db.count("SELECT COUNT(*) FROM (SELECT saga_id, step FROM shop_step_exec GROUP BY saga_id, step"
        + " HAVING COUNT(*) > 1) d")).as("local steps or compensations twice").isZero();
    assertThat(db.count("SELECT COUNT(*) FROM saga_instance WHERE branches_json IS NOT NULL")).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL")).isZero();
  }

  private Process launch(String env, SagaDatabaseOptions db, int n) throws Exception {
    Path logs = Path.of("target", "orchestrator-process");
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx256m", "-Dnatsaga.log=INFO", "-cp", System.getProperty("java.class.path"),
        OrchestratorProcess.class.getName(), NATS.url(), env, db.url(), db.user(), db.password(), String.valueOf(SAGAS),
        "parallel");
    File log = logs.resolve("parallel-" + env + "-" + n + ".log").toFile();
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
