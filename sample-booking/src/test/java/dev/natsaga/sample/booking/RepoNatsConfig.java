package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repository's {@code nats-config/} files as they are on disk (never copies from a classpath), found from the
 * working directory Maven runs this module in, and port-substituted copies of them for tests.
 */
final class RepoNatsConfig {

  private RepoNatsConfig() {
  }

  /** The {@code nats-config/} folder of this repository. */
  static Path dir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("nats-config/dev.conf"))) {
        return p.resolve("nats-config");
      }
    }
    throw new IllegalStateException("cannot find nats-config/ above " + Path.of("").toAbsolutePath());
  }

  /** A file under {@code nats-config/}. */
  static Path file(String relative) {
    Path p = dir().resolve(relative);
    assertThat(p).as("nats-config/" + relative).isRegularFile();
    return p;
  }

  /** Copies {@code source} into {@code targetDir} replacing each key by its value; every key must occur. */
  static Path copyReplacing(Path source, Path targetDir, Map<String, String> replacements) {
    try {
      String text = Files.readString(source);
      for (Map.Entry<String, String> r : replacements.entrySet()) {
        assertThat(text).as("%s must contain '%s' for the test to move it", source.getFileName(), r.getKey()).contains(r.getKey());
        text = text.replace(r.getKey(), r.getValue());
      }
      Path target = targetDir.resolve(source.getFileName());
      Files.writeString(target, text);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} distinct free loopback ports (held together while picked, so they differ), never 4222. */
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
}
