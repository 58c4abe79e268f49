package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.test.nats.NatsServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payment service as a newcomer runs it: its own JVM, a plain logback configuration (everything
 * at INFO, nothing silenced), output to a file. A correct default set-up logs one warning only, that the development
 * keyring is in use (set NATSAGA_KEYRING in production), and no terminal escape codes; with NATSAGA_KEYRING set it
 * logs no warning at all; a bad setting is reported once and the JVM exits.
 */
class QuietStartTest {

  private static final Duration START_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @TempDir
  Path dir;

  @Test
  void aCorrectDefaultStartLogsOnlyTheDevelopmentKeyringWarningAndNoEscapeCodes() throws Exception {
    String output = startedOutput(Map.of());

    assertThat(output.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))).as("output:%n%s", output)
        .singleElement().asString().contains("NATSAGA_KEYRING is not set").contains("development keyring");
    assertThat(dir.resolve("data/keyring")).as("created in the working directory's data folder").isRegularFile();
    assertThat(output).as("no ANSI escape codes in a log written to a file").doesNotContain("\u001b");
  }

  @Test
  void aStartWithAKeyringLogsNoWarning() throws Exception {
    Path keyring = dir.resolve("keyring");
    Files.writeString(keyring, "k1=" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");

    String output = startedOutput(Map.of("NATSAGA_KEYRING", keyring.toString()));

    assertThat(output.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))).as("output:%n%s", output).isEmpty();
  }

  private String startedOutput(Map<String, String> extra) throws Exception {
    Path log = dir.resolve("payment.log");
    Process child = start(extra, log);
    try {
      awaitLine(child, log, "payment service started");
    } finally {
      child.destroy();
      child.waitFor(20, TimeUnit.SECONDS);
      child.destroyForcibly();
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void aBadSettingIsReportedOnceAndTheJvmExits() throws Exception {
    Path log = dir.resolve("payment.log");
    Process child = start(Map.of("NATS_CONSUMER_CONCURRENCY", "0"), log);

    assertThat(child.waitFor(START_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).isNotZero();
    String message = "invalid setting NATS_CONSUMER_CONCURRENCY='0'";
    assertThat(output.split(Pattern.quote(message), -1)).as("reported once; output:%n%s", output).hasSize(2);
  }

  private Process start(Map<String, String> extra, Path log) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + Path.of("src/test/resources/plain-logback.xml").toAbsolutePath(),
        PaymentApplication.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("NATS_URL", NATS.url(), "APP_ENV", "quiet" + System.nanoTime() % 100000, "HTTP_PORT", "0",
        "PAYMENT_DB_URL", "jdbc:h2:file:" + dir.resolve("data/payment")));
    pb.environment().putAll(extra);
    return pb.start();
  }

  private static void awaitLine(Process child, Path log, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (output.contains(line)) {
        return;
      }
      assertThat(child.isAlive()).as("the service exited; output:%n%s", output).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("'" + line + "' not logged within " + START_WITHIN + ":\n" + Files.readString(log));
  }
}
