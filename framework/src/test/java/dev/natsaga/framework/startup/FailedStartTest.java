package dev.natsaga.framework.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service whose start fails after connecting must not keep its JVM alive: the child JVM runs
 * {@link StartupMain} and has to exit on its own within 5 s of reaching {@code main}, non-zero, with a
 * message that says the fix.
 */
class FailedStartTest {

  private static final Duration EXIT_WITHIN = Duration.ofSeconds(5);
  private static final Duration JVM_START_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @ParameterizedTest
  @ValueSource(strings = {"builder", "guice"})
  void withoutJetStreamTheJvmExitsAndTheMessageSaysHowToEnableIt(String mode) throws Exception {
    try (NatsServer plain = NatsServer.start(NatsServerOptions.builder().jetStream(false).build())) {
      Exit exit = runChild(mode, plain.url(), freshEnv());

      assertThat(exit.code()).as("exit code; output:%n%s", exit.output()).isNotZero();
      assertThat(exit.output())
          .contains("nats-server at " + plain.url() + " has JetStream disabled: start it with -js (or jetstream {} in its config)")
          .doesNotContain("STARTED");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"builder", "guice"})
  void withAConflictingStreamTheJvmExitsAndTheMessageNamesTheDifference(String mode) throws Exception {
    String env = freshEnv();
    Connection nc = NATS.connect();
    String stream = env.toUpperCase() + "_BOOKING";
    nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream)
        .subjects(env + ".booking.>").storageType(StorageType.Memory).build());

    Exit exit = runChild(mode, NATS.url(), env);

    assertThat(exit.code()).as("exit code; output:%n%s", exit.output()).isNotZero();
    assertThat(exit.output()).contains(stream).contains("storage: existing memory, wanted file").doesNotContain("STARTED");
  }

  @Test
  void aBadSettingUnderGuiceIsReportedOnceAndTheJvmExits() throws Exception {
    Exit exit = runChild("guice", NATS.url(), freshEnv(), "-DNATS_CONSUMER_CONCURRENCY=0");

    String message = "invalid setting NATS_CONSUMER_CONCURRENCY='0'";
    assertThat(exit.code()).as("exit code; output:%n%s", exit.output()).isNotZero();
    assertThat(exit.output().split(java.util.regex.Pattern.quote(message), -1)).as("output:%n%s", exit.output()).hasSize(2);
  }

  private static String freshEnv() {
    return "f" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /** Runs {@link StartupMain} in a child JVM; fails the test when it has not exited in time. */
  static Exit runChild(String mode, String url, String env, String... extraProperties) throws IOException, InterruptedException {
    Path out = Files.createTempFile("natsaga-start-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-DNATS_URL=" + url, "-DAPP_ENV=" + env, "-DSERVICE_NAME=startup-test",
        "-DNATS_CONNECT_TIMEOUT=2s"));
    command.addAll(List.of(extraProperties));
    command.add(StartupMain.class.getName());
    command.add(mode);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      awaitStarting(child, out);
      boolean exited = child.waitFor(EXIT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(exited).as("the child JVM exits within %s of starting natsaga; output:%n%s", EXIT_WITHIN, output).isTrue();
      return new Exit(child.exitValue(), output);
    } finally {
      child.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  /** Waits for the JVM to load and reach {@code main} (slow on a loaded machine; not what is measured). */
  private static void awaitStarting(Process child, Path out) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + JVM_START_WITHIN.toNanos();
    while (!Files.readString(out, StandardCharsets.UTF_8).contains(StartupMain.STARTING) && child.isAlive()) {
      assertThat(System.nanoTime()).as("the child JVM reaches main within %s", JVM_START_WITHIN).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A child JVM's exit code and its combined output. */
  record Exit(int code, String output) {
  }
}
