package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.test.nats.NatsServerBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The files under test, found on disk (never copies from the classpath): {@code nats-config/} and
 * the repository's {@code docker-compose.yml}. Also the real nats-server's own config check
 * ({@code nats-server -t}), free ports, and port-substituted copies for the cluster test.
 */
final class NatsConfigFiles {

  /** Set by this module's pom to {@code ${project.basedir}}. */
  static final String DIR_PROPERTY = "natsaga.nats-config.dir";

  private NatsConfigFiles() {
  }

  /** The {@code nats-config/} folder. */
  static Path dir() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank() && !configured.contains("${")) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("dev.conf")) && p.getFileName().toString().equals("nats-config")) {
        return p;
      }
      if (Files.isRegularFile(p.resolve("nats-config/dev.conf"))) {
        return p.resolve("nats-config");
      }
    }
    throw new IllegalStateException("cannot find nats-config/ from " + Path.of("").toAbsolutePath()
        + "; run the tests with Maven or set -D" + DIR_PROPERTY);
  }

  /** A file under {@code nats-config/}. */
  static Path file(String relative) {
    Path p = dir().resolve(relative);
    assertThat(p).as("nats-config/" + relative).isRegularFile();
    return p;
  }

  /** The repository root (where docker-compose.yml lives). */
  static Path repositoryRoot() {
    return dir().getParent();
  }

  /** Every {@code *.conf} file in nats-config/ and its sub-folders, relative names sorted. */
  static List<String> allConfFiles() {
    try (var files = Files.walk(dir())) {
      return files.filter(p -> p.toString().endsWith(".conf"))
          .filter(p -> !dir().relativize(p).startsWith("target") && !dir().relativize(p).startsWith("src"))
          .map(p -> dir().relativize(p).toString().replace('\\', '/'))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Result of running the real nats-server binary. */
  record Run(int exitCode, String output) {
  }

  /** Runs {@code nats-server <args>} and waits up to 20 s. */
  static Run natsServer(Path workDir, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(NatsServerBinary.resolve().path().toString());
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 20 s");
      }
      return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code nats-server -t -c file}: the server's own parser and validation, as strict as at start-up. */
  static Run check(Path config) {
    return natsServer(config.getParent(), List.of("-t", "-c", config.toString()));
  }

  /** {@code count} distinct free loopback ports, never 4222. */
  static int[] freePorts(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        if (s.getLocalPort() == 4222) {
          i--;
          continue;
        }
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // released either way
        }
      }
    }
  }

  /** Copies {@code source} into {@code targetDir} replacing each key by its value; every key must occur. */
  static Path copyReplacing(Path source, Path targetDir, Map<String, String> replacements) {
    try {
      String text = Files.readString(source);
      for (Map.Entry<String, String> r : replacements.entrySet()) {
        assertThat(text).as("%s must contain '%s' for the test to move it", source.getFileName(), r.getKey())
            .contains(r.getKey());
        text = text.replace(r.getKey(), r.getValue());
      }
      Path target = targetDir.resolve(source.getFileName());
      Files.writeString(target, text);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
