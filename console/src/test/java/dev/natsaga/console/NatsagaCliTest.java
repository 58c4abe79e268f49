package dev.natsaga.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.console.ConsoleFixture.Note;
import dev.natsaga.console.cli.ExitCodes;
import dev.natsaga.console.cli.NatsagaCli;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.StorageType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each {@code natsaga} command against a real nats-server and a real H2 saga database: output and exit code. */
@Timeout(120)
class NatsagaCliTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  /** The stream settings the saga test kit provisions with (memory, kept an hour). */
  private static final Map<String, String> KIT_STREAMS = Map.of("NATS_STREAM_STORAGE", "memory",
      "NATS_STREAM_MAX_AGE", "1h", "NATS_DLQ_MAX_AGE", "1h");

  static Path dir;
  static String dbUrl;
  static JdbcSagaStore store;
  static ConsoleFixture fx;

  /** The output and exit code of one run. */
  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("natsaga-cli-");
    dbUrl = "jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000";
    store = JdbcSagaStore.open(SagaDatabaseOptions.builder().url(dbUrl).build());
    fx = new ConsoleFixture(NATS.url(), store);
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static Run natsaga(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("NATS_URL", NATS.url(), "APP_ENV", fx.kit.environment(),
        "SAGA_DB_URL", dbUrl));
    env.putAll(extra);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = NatsagaCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run natsaga(String... args) {
    return natsaga(Map.of(), args);
  }

  @Test
  void helpShowsExamplesAndBadUsageExitsWithTwo() {
    Run help = natsaga("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Examples:", "natsaga dlq replay 42", "Exit codes:");
    assertThat(natsaga("dlq", "replay", "--help").out()).contains("natsaga dlq replay --all --reason max-deliveries");
    assertThat(natsaga("nonsense").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(natsaga("dlq").code()).isEqualTo(ExitCodes.USAGE);
    Run noYes = natsaga("dlq", "purge");
    assertThat(noYes.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noYes.err()).contains("add --yes");
    assertThat(natsaga("dlq", "list", "--reason", "sad").err()).contains("--reason 'sad' is not one of");
  }

  /**
   * Found by the reliability fuzz run: a blank {@code --env} fell back to {@code dev}, so {@code streams provision}
   * created {@code DEV_*} streams in an environment nobody named; a negative {@code --max-lag} failed every consumer.
   */
  @Test
  void blankOptionsAndANegativeMaxLagAreBadUsageAndTouchNothing() throws Exception {
    for (String blank : new String[] {"", " "}) {
      Run env = natsaga("--env", blank, "streams", "provision", "-d", "booking");
      assertThat(env.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(env.err()).contains("APP_ENV is blank");
      assertThat(natsaga("--nats-url", blank, "dlq", "list").code()).isEqualTo(ExitCodes.USAGE);
      assertThat(natsaga("--db-url", blank, "saga", "list").code()).isEqualTo(ExitCodes.USAGE);
    }
    try (io.nats.client.Connection c = io.nats.client.Nats.connect(NATS.url())) {
      assertThat(c.jetStreamManagement().getStreamNames()).noneMatch(n -> n.startsWith("DEV_"));
    }
    Run negative = natsaga("consumers", "lag", "--max-lag", "-5");
    assertThat(negative.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(negative.err()).contains("--max-lag -5 is negative");
  }

  @Test
  void streamsListProvisionAndDiff() throws Exception {
    Run list = natsaga("streams", "list");
    String prefix = fx.kit.environment().toUpperCase().replace('-', '_');
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("STREAM", prefix + "_PAYMENT", prefix + "_DLQ");
    assertThat(natsaga("--json", "streams", "list").json().findValuesAsText("name")).contains(prefix + "_DLQ");

    Run inLine = natsaga(KIT_STREAMS, "streams", "diff");
    assertThat(inLine.code()).as(inLine.out()).isEqualTo(ExitCodes.OK);
    assertThat(inLine.out()).contains(prefix + "_PAYMENT", "in line");
    Run differs = natsaga("streams", "diff", "-d", "nothing-yet");
    assertThat(differs.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(differs.out()).contains("storage: existing memory, wanted file", prefix + "_NOTHING_YET", "missing");

    Run provision = natsaga(KIT_STREAMS, "streams", "provision", "-d", "audit-test");
    assertThat(provision.code()).as(provision.out() + provision.err()).isEqualTo(ExitCodes.OK);
    assertThat(natsaga(KIT_STREAMS, "streams", "diff", "-d", "audit-test").out()).contains(prefix + "_AUDIT_TEST", "in line");
    Run conflict = natsaga("streams", "provision", "-d", "payment");
    assertThat(conflict.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(conflict.out()).contains("conflict", "storage: existing memory");
  }

  @Test
  void consumersLagFailsOverTheLimit() throws Exception {
    String type = "shop.ledger.entry-posted.v1";
    StreamOptions memory = StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1));
    Natsaga ledger = Natsaga.builder(NatsagaOptions.builder().natsUrl(NATS.url()).environment(fx.kit.environment())
            .serviceName("ledger").streams(memory).deadLetterStream(memory).build())
        .handler(HandlerRegistration.onEvent(type, Map.class, e -> { }).build()).build().start();
    ledger.close();                       // its durable consumer stays, and nobody reads it now
    for (int i = 0; i < 3; i++) {
      fx.notes.publisher().publish(type, Map.of("n", i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> natsaga("consumers", "lag", "--max-lag", "2").code()
        == ExitCodes.CHECK_FAILED);
    Run lag = natsaga("consumers", "lag", "--max-lag", "2");
    assertThat(lag.out()).contains("CONSUMER", "ledger");
    assertThat(natsaga("consumers", "lag", "--max-lag", "1000").code()).isZero();
    JsonNode rows = natsaga("--json", "consumers", "lag").json();
    assertThat(rows.findValues("pending").stream().mapToLong(JsonNode::asLong).max().orElse(0)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void dlqListShowReplayAndPurge() throws Exception {
    fx.notesBroken.set(true);
    String replayed = "cli-replay-" + UUID.randomUUID();
    String purged = "cli-purge-" + UUID.randomUUID();
    fx.postNote(new Note(replayed, "one", "dora@example.com"));
    fx.postNote(new Note(purged, "two", null));
    long seq = fx.awaitDeadLetter(replayed);
    long purgedSeq = fx.awaitDeadLetter(purged);

    Run list = natsaga("dlq", "list", "--reason", "non-retryable");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains(String.valueOf(seq), "non-retryable", ConsoleFixture.NOTE_POSTED);
    assertThat(natsaga("--json", "dlq", "list", "--type", ConsoleFixture.NOTE_POSTED).json().findValuesAsText("sequence"))
        .contains(String.valueOf(seq), String.valueOf(purgedSeq));
    assertThat(natsaga("dlq", "list", "--reason", "max-deliveries").out()).doesNotContain(replayed);

    Run show = natsaga("dlq", "show", String.valueOf(seq));
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("note store rejected note " + replayed, "Natsaga-Dlq-Reason", "\"email\" : \"***\"")
        .doesNotContain("dora@example.com");
    assertThat(natsaga("dlq", "show", "999999").code()).isEqualTo(ExitCodes.NOT_FOUND);

    fx.notesBroken.set(false);
    Run replay = natsaga("dlq", "replay", String.valueOf(seq));
    assertThat(replay.code()).isZero();
    assertThat(replay.out()).contains("replayed 1 dead letter");
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.handledNotes.stream().anyMatch(n -> n.noteId().equals(replayed)));

    Run purge = natsaga("--json", "dlq", "purge", "--yes", "--type", ConsoleFixture.NOTE_POSTED);
    assertThat(purge.code()).isZero();
    assertThat(purge.json().path("purged").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(natsaga("dlq", "show", String.valueOf(purgedSeq)).code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(fx.handledNotes).noneMatch(n -> n.noteId().equals(purged));
  }

  @Test
  void sagaListShowResumeAndAbort() throws Exception {
    SagaView done = fx.order("cli-1", 100, "");
    fx.shop.releaseBroken.set(true);
    SagaView parked = fx.order("cli-2", 9_000, "");
    fx.shop.releaseBroken.set(false);
    SagaView stuck = fx.order("cli-3", ConsoleFixture.SILENT_AMOUNT, "");

    Run list = natsaga("saga", "list", "--status", "COMPENSATION_FAILED");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains(parked.id().toString()).doesNotContain(done.id().toString());
    assertThat(natsaga("--json", "saga", "list", "--search", "order-cli-1").json().path("sagas").findValuesAsText("id"))
        .containsExactly(done.id().toString());
    Run paged = natsaga("--json", "saga", "list", "--limit", "1");
    String next = paged.json().path("next").asText();
    assertThat(natsaga("--json", "saga", "list", "--limit", "1", "--after", next).json().path("sagas").get(0).path("id")
        .asText()).isNotEqualTo(paged.json().path("sagas").get(0).path("id").asText());

    Run show = natsaga("saga", "show", done.id().toString());
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("COMPLETED", "reserve-stock", "charge-card", ShopSaga.CHARGED,
        "started by: user " + ConsoleFixture.ACTOR);
    assertThat(natsaga("saga", "show", UUID.randomUUID().toString()).code()).isEqualTo(ExitCodes.NOT_FOUND);

    Map<String, String> console = Map.of("CONSOLE_URL", fx.console.uri().toString(), "CONSOLE_TOKEN", ConsoleFixture.BOT_TOKEN);
    Run resume = natsaga(console, "saga", "resume", parked.id().toString());
    assertThat(resume.code()).as(resume.err()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.kit.engine().find(parked.id()).orElseThrow().status()
        == SagaStatus.COMPENSATED);
    Run again = natsaga(console, "saga", "resume", done.id().toString());
    assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err()).contains("is COMPLETED");

    Run diagram = natsaga(console, "saga", "diagram", parked.id().toString());
    assertThat(diagram.code()).as(diagram.err()).isZero();
    assertThat(diagram.out()).startsWith("flowchart").containsPattern("class \\S+ current");
    Run abort = natsaga(console, "saga", "abort", stuck.id().toString(), "--reason", "stuck since Monday");
    assertThat(abort.code()).as(abort.err()).isZero();
    assertThat(fx.kit.engine().await(stuck.id(), Duration.ofSeconds(20)).failureReason()).contains("stuck since Monday");

    assertThat(natsaga(console, "saga", "resume", UUID.randomUUID().toString()).code()).isEqualTo(ExitCodes.NOT_FOUND);
    Map<String, String> badToken = Map.of("CONSOLE_URL", fx.console.uri().toString(), "CONSOLE_TOKEN", "wrong-token-123");
    assertThat(natsaga(badToken, "saga", "resume", parked.id().toString()).code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(natsaga(Map.of("CONSOLE_URL", "http://127.0.0.1:1/", "CONSOLE_TOKEN", "x"), "saga", "resume",
        parked.id().toString()).code()).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void theStandaloneConsoleShowsTheSagasButLeavesActionsToTheService() throws Exception {
    fx.shop.releaseBroken.set(true);
    SagaView parked = fx.order("standalone-1", 9_000, "");
    fx.shop.releaseBroken.set(false);
    Map<String, String> settings = new HashMap<>(KIT_STREAMS);
    settings.putAll(Map.of("NATS_URL", NATS.url(), "APP_ENV", fx.kit.environment(), "SAGA_DB_URL", dbUrl,
        "CONSOLE_USERS", "ops:operator:ops-password", "CONSOLE_PORT", "0", "NATS_PROVISION_STREAMS", "false"));
    try (StandaloneConsole standalone = StandaloneConsole.start(settings)) {
      HttpProbe ops = new HttpProbe(standalone.console().uri());
      assertThat(ops.signIn("ops", "ops-password")).isEqualTo(303);
      assertThat(ops.get("/sagas?status=COMPENSATION_FAILED").body()).contains(parked.id().toString());
      String page = ops.get("/sagas/" + parked.id()).body();
      assertThat(page).contains("COMPENSATION_FAILED", "id=\"no-engine-hint\"").doesNotContain("id=\"resume\"");
      var refused = ops.post("/sagas/" + parked.id() + "/resume", Map.of("csrf", ops.csrf()));
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body()).contains("runs without the saga engine");
    }
    assertThatThrownBy(() -> StandaloneConsole.start(Map.of("NATS_URL", NATS.url(), "CONSOLE_USERS", "ops:admin:ops-password")))
        .isInstanceOf(dev.natsaga.framework.config.ConfigException.class)
        .hasMessageContaining("CONSOLE_USERS").hasMessageContaining("role 'admin' is not read-only or operator");
    assertThatThrownBy(() -> StandaloneConsole.start(Map.of("NATS_URL", NATS.url())))
        .hasMessageContaining("CONSOLE_USERS").hasMessageContaining("no anonymous access");
  }

  private static final String TYPE_FILE = "shop.order.placed.v1.json";

  @Test
  void schemaCheckRefusesAnIncompatibleChangeListingEachViolation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path v1 = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(dir.resolve("registered")).resolve(TYPE_FILE), """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer"}}, "required": ["orderId"]}""");
    java.nio.file.Path optional = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(dir.resolve("optional")).resolve(TYPE_FILE), """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer"}, "note": {"type": "string"}},
         "required": ["orderId"]}""");
    java.nio.file.Path breaking = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(dir.resolve("breaking")).resolve(TYPE_FILE), """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"orderId": {"type": "integer"}}, "required": ["orderId"]}""");

    Run compatible = natsaga(Map.of(), "schema", "check", v1.toString(), optional.toString());
    assertThat(compatible.code()).as(compatible.out() + compatible.err()).isZero();
    Run refused = natsaga(Map.of(), "schema", "check", v1.toString(), breaking.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(refused.out() + refused.err()).contains("orderId").contains("amount");
  }

  @Test
  void anUnreachableServerOrABadSettingExitsWithFive() {
    Run down = natsaga(Map.of("NATS_URL", "nats://127.0.0.1:1"), "streams", "list");
    assertThat(down.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(down.err()).contains("NATS unreachable", "nats://127.0.0.1:1", "NATS_URL");
    Run badEnv = natsaga(Map.of("APP_ENV", "Not Valid"), "streams", "list");
    assertThat(badEnv.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(badEnv.err()).contains("APP_ENV");
  }

}
