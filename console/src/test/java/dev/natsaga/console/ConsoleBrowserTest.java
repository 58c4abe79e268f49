package dev.natsaga.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.console.ConsoleFixture.Note;
import dev.natsaga.framework.Environment;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against a real nats-server, real H2 and real sagas: what an operator sees and
 * does, and what a read-only user or a forged request cannot do.
 */
@Timeout(120)
class ConsoleBrowserTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String XSS = "<script>window.pwned = true;</script><img src=x onerror=\"window.pwned=true\">";

  static ConsoleFixture fx;
  static Browser browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    fx = new ConsoleFixture(NATS.url());
    browser = new Browser();
    base = fx.console.uri().toString();
    browser.signIn(base, ConsoleFixture.OPERATOR, ConsoleFixture.OPERATOR_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void listShowsTheSagasAndItsFiltersAndSearchNarrowIt() throws Exception {
    SagaView done = fx.order("list-1", 100, "gift wrap");
    SagaView declined = fx.order("list-2", 5_000, "");
    assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
    assertThat(declined.status()).isEqualTo(SagaStatus.COMPENSATED);

    browser.open(base + "sagas");
    assertThat(rowIds()).contains(done.id().toString(), declined.id().toString());

    new Select(browser.find(By.id("filter-status"))).selectByVisibleText("COMPENSATED");
    browser.clickAndAwaitNextPage(By.id("filter-apply"));
    browser.waitFor(By.cssSelector("#sagas, #no-sagas"));
    assertThat(rowIds()).contains(declined.id().toString()).doesNotContain(done.id().toString());
    assertThat(browser.all(By.cssSelector("#sagas tbody td:nth-child(3)"))).extracting(WebElement::getText)
        .containsOnly("COMPENSATED");

    browser.open(base + "sagas");
    browser.find(By.id("filter-q")).sendKeys("order-list-1");
    browser.clickAndAwaitNextPage(By.id("filter-apply"));
    browser.waitFor(By.id("sagas"));
    assertThat(rowIds()).containsExactly(done.id().toString());

    browser.open(base + "sagas?type=no.such.type");
    assertThat(browser.present(By.id("no-sagas"))).isTrue();
    browser.open(base + "sagas?status=NOPE");
    assertThat(browser.find(By.id("error")).getText()).contains("parameter 'status' is 'NOPE'");
  }

  @Test
  void sagaPageShowsStatusStateAndTheStepTimeline() throws Exception {
    SagaView done = fx.order("page-1", 250, "leave at the door");
    browser.open(base + "sagas/" + done.id());

    assertThat(browser.find(By.id("saga-status")).getText()).isEqualTo("COMPLETED");
    assertThat(browser.find(By.id("started-by")).getText()).isEqualTo("user " + ConsoleFixture.ACTOR);
    assertThat(browser.find(By.id("state")).getText()).contains("\"chargeId\" : \"ch-page-1\"", "leave at the door");
    var rows = browser.all(By.cssSelector("#timeline tbody tr.step"));
    assertThat(rows).extracting(r -> r.findElement(By.cssSelector("td:nth-child(2)")).getText())
        .containsExactly("reserve-stock", "charge-card");
    WebElement charge = rows.get(1);
    assertThat(charge.findElement(By.cssSelector("td.outcome")).getText()).isEqualTo("SUCCEEDED");
    assertThat(charge.getText()).contains(ShopSaga.CHARGED).containsPattern("\\d+ ms");
    assertThat(browser.find(By.id("diagram-source")).getText()).as("the definition's Mermaid flowchart, marked COMPLETED")
        .startsWith("flowchart").contains("reserve-stock", "charge-card").containsPattern("class \\S+ current");
    assertThat(browser.present(By.id("resume"))).as("nothing to resume on a completed saga").isFalse();

    browser.screenshot("saga-page");
  }

  @Test
  void resumeBringsAParkedSagaToCompensatedAndIsAudited() throws Exception {
    fx.shop.releaseBroken.set(true);
    SagaView parked = fx.order("parked-1", 9_000, "");
    assertThat(parked.status()).isEqualTo(SagaStatus.COMPENSATION_FAILED);
    fx.shop.releaseBroken.set(false);

    browser.open(base + "sagas/" + parked.id());
    assertThat(browser.find(By.id("saga-status")).getText()).isEqualTo("COMPENSATION_FAILED");
    assertThat(browser.find(By.cssSelector("#timeline")).getText()).contains("stock service down");
    browser.find(By.id("resume")).click();
    browser.waitFor(By.id("notice"));

    await().atMost(Duration.ofSeconds(20)).until(() -> fx.kit.engine().find(parked.id()).orElseThrow().status()
        == SagaStatus.COMPENSATED);
    browser.open(base + "sagas/" + parked.id());
    assertThat(browser.find(By.id("saga-status")).getText()).isEqualTo("COMPENSATED");
    copyToDocs(browser.screenshot("saga-resumed"), "console-saga-page.png");
    assertThat(lastAudit()).contains("\"action\":\"saga.resume\"", "\"target\":\"" + parked.id() + "\"",
        "\"user\":\"" + ConsoleFixture.OPERATOR + "\"", "\"outcome\":\"done\"");
  }

  @Test
  void abortCompensatesAStuckRunningSaga() throws Exception {
    SagaView stuck = fx.order("stuck-1", ConsoleFixture.SILENT_AMOUNT, "");
    assertThat(stuck.status()).isEqualTo(SagaStatus.RUNNING);

    browser.open(base + "sagas/" + stuck.id());
    browser.find(By.id("abort-reason")).sendKeys("payment provider lost the request");
    browser.find(By.id("abort")).click();
    browser.waitFor(By.id("notice"));

    SagaView after = fx.kit.engine().await(stuck.id(), Duration.ofSeconds(20));
    assertThat(after.status()).isEqualTo(SagaStatus.COMPENSATED);
    assertThat(after.failureReason()).contains("payment provider lost the request", "by " + ConsoleFixture.OPERATOR);
    browser.open(base + "sagas/" + stuck.id());
    assertThat(browser.find(By.id("failure-reason")).getText()).contains("payment provider lost the request");
  }

  @Test
  void aDeadLetterIsListedShownReplayedAndThenHandled() throws Exception {
    fx.notesBroken.set(true);
    String noteId = "note-" + UUID.randomUUID();
    fx.postNote(new Note(noteId, "please call me", "carol@example.com"));
    long seq = fx.awaitDeadLetter(noteId);

    browser.open(base + "dead-letters?reason=non-retryable");
    assertThat(browser.find(By.cssSelector("#dead-letters tr[data-seq='" + seq + "']")).getText())
        .contains("non-retryable", ConsoleFixture.NOTE_POSTED, "notes");
    browser.open(base + "dead-letters?reason=max-deliveries");
    assertThat(browser.present(By.cssSelector("tr[data-seq='" + seq + "']"))).isFalse();

    browser.open(base + "dead-letters/" + seq);
    assertThat(browser.find(By.id("dlq-error")).getText()).contains("note store rejected note " + noteId);
    assertThat(browser.find(By.id("payload")).getText()).contains(noteId, "\"email\" : \"***\"")
        .doesNotContain("carol@example.com");
    assertThat(browser.find(By.id("headers")).getText()).contains("Natsaga-Dlq-Reason");
    browser.screenshot("dead-letter");

    fx.notesBroken.set(false);
    browser.find(By.id("replay")).click();
    browser.waitFor(By.id("notice"));
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.handledNotes.stream().anyMatch(n -> n.noteId().equals(noteId)));
    assertThat(fx.kit.natsaga().deadLetters().list(0, 1000)).noneMatch(d -> d.sequence() == seq);
    assertThat(lastAudit()).contains("\"action\":\"dlq.replay\"", "\"target\":\"dead letter " + seq + "\"");
  }

  @Test
  void replayAllShownReplaysTheFilteredSet() throws Exception {
    fx.notesBroken.set(true);
    String a = "bulk-a-" + UUID.randomUUID();
    String b = "bulk-b-" + UUID.randomUUID();
    fx.postNote(new Note(a, "one", null));
    fx.postNote(new Note(b, "two", null));
    fx.awaitDeadLetter(a);
    fx.awaitDeadLetter(b);
    fx.notesBroken.set(false);

    browser.open(base + "dead-letters?type=" + ConsoleFixture.NOTE_POSTED);
    browser.find(By.id("replay-filtered")).click();
    browser.waitFor(By.id("notice"));
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.handledNotes.stream().map(Note::noteId).toList()
        .containsAll(java.util.List.of(a, b)));
  }

  @Test
  void aScriptInAPayloadOrAStateShowsAsTextAndNeverRuns() throws Exception {
    fx.notesBroken.set(true);
    String noteId = "xss-" + UUID.randomUUID();
    fx.postNote(new Note(noteId, XSS, null));
    long seq = fx.awaitDeadLetter(noteId);
    fx.notesBroken.set(false);
    SagaView saga = fx.order("xss-1", 10, XSS);

    browser.open(base + "dead-letters/" + seq);
    assertThat(browser.find(By.id("payload")).getText()).contains("<script>window.pwned = true;</script>");
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    assertThat(browser.all(By.cssSelector("main script, main img"))).isEmpty();

    browser.open(base + "sagas/" + saga.id());
    assertThat(browser.find(By.id("state")).getText()).contains("<script>window.pwned = true;</script>");
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    browser.screenshot("script-shown-as-text");
  }

  @Test
  void aReadOnlyUserSeesNoActionAndAForgedPostIsRefused() throws Exception {
    fx.shop.releaseBroken.set(true);
    SagaView parked = fx.order("ro-1", 9_000, "");
    fx.shop.releaseBroken.set(false);
    try (Browser viewer = new Browser()) {
      viewer.signIn(base, ConsoleFixture.VIEWER, ConsoleFixture.VIEWER_PASSWORD);
      viewer.open(base + "sagas/" + parked.id());
      assertThat(viewer.find(By.id("saga-status")).getText()).isEqualTo("COMPENSATION_FAILED");
      assertThat(viewer.present(By.id("resume"))).isFalse();
      assertThat(viewer.present(By.id("read-only-hint"))).isTrue();
      viewer.screenshot("read-only");
    }

    HttpProbe forger = new HttpProbe(fx.console.uri());
    assertThat(forger.signIn(ConsoleFixture.VIEWER, ConsoleFixture.VIEWER_PASSWORD)).isEqualTo(303);
    var refused = forger.post("/sagas/" + parked.id() + "/resume", Map.of("csrf", forger.csrf()));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("is read-only; only an operator may");
    assertThat(fx.kit.engine().find(parked.id()).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATION_FAILED);
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefusedEvenForAnOperator() throws Exception {
    fx.shop.releaseBroken.set(true);
    SagaView parked = fx.order("csrf-1", 9_000, "");
    fx.shop.releaseBroken.set(false);
    HttpProbe probe = new HttpProbe(fx.console.uri());
    assertThat(probe.signIn(ConsoleFixture.OPERATOR, ConsoleFixture.OPERATOR_PASSWORD)).isEqualTo(303);

    var missing = probe.post("/sagas/" + parked.id() + "/resume", Map.of());
    var wrong = probe.post("/sagas/" + parked.id() + "/resume", Map.of("csrf", "guessed"));
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(missing.body()).contains("CSRF token is missing or wrong");
    assertThat(fx.kit.engine().find(parked.id()).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATION_FAILED);

    var unsigned = new HttpProbe(fx.console.uri()).post("/sagas/" + parked.id() + "/resume", Map.of());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    var api = probe.postJson("/api/sagas/" + parked.id() + "/resume", ConsoleFixture.BOT_TOKEN, "");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
    assertThat(api.body()).contains("\"action\":\"resume\"");
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.kit.engine().find(parked.id()).orElseThrow().status()
        == SagaStatus.COMPENSATED);
  }

  @Test
  void streamsPageShowsStreamsConsumersAndLiveCharts() throws Exception {
    fx.order("streams-1", 100, "");
    browser.open(base + "streams");
    String env = fx.kit.environment().toUpperCase().replace('-', '_');
    assertThat(browser.find(By.id("streams")).getText()).contains(env + "_PAYMENT", env + "_DLQ", env + "_OPS");
    assertThat(browser.find(By.id("consumers")).getText()).contains("notes");
    await().atMost(Duration.ofSeconds(15)).until(() -> chart("data-samples") >= 1);
    for (int i = 0; i < 20; i++) {
      fx.postNote(new Note("chart-" + i, "traffic for the chart", null));
    }
    await("the throughput chart shows the notes").atMost(Duration.ofSeconds(15))
        .until(() -> chart("data-peak") > 0);
    browser.screenshot("streams");
  }

  /** The README shows the saga page as this test saw it: docs/images/ of the project, when the build runs in it. */
  private static void copyToDocs(Path shot, String name) throws java.io.IOException {
    Path docs = Path.of(System.getProperty("natsaga.project.root", ".."), "docs");
    if (Files.isDirectory(docs)) {
      Files.createDirectories(docs.resolve("images"));
      Files.copy(shot, docs.resolve("images").resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static double chart(String attribute) {
    String value = browser.find(By.id("chart-throughput")).getAttribute(attribute);
    return value == null ? 0 : Double.parseDouble(value);
  }

  private static java.util.List<String> rowIds() {
    return browser.all(By.cssSelector("#sagas tbody tr")).stream().map(r -> r.getAttribute("data-saga")).toList();
  }


  private static String lastAudit() throws Exception {
    String stream = Environment.of(fx.kit.environment()).streamName("ops");
    MessageInfo last = fx.kit.natsaga().connection().jetStreamManagement().getLastMessage(stream,
        fx.kit.environment() + "." + dev.natsaga.console.internal.AuditTrail.TYPE);
    return new String(last.getData(), StandardCharsets.UTF_8);
  }
}
