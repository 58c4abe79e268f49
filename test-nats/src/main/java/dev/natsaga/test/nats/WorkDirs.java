package dev.natsaga.test.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/** File chores for a server's temporary folder: create it, append to and tail its log, delete it. */
final class WorkDirs {

  private static final int TAIL_BYTES = 64 * 1024;

  private WorkDirs() {
  }

  /** A new folder under {@code parent} (the system temp folder when null). */
  static Path create(Path parent, String prefix) {
    try {
      if (parent == null) {
        return Files.createTempDirectory(prefix);
      }
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary folder under "
          + (parent == null ? System.getProperty("java.io.tmpdir") : parent), e);
    }
  }

  /** Deletes a folder and everything in it; best effort, a missing folder is fine. */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover temp file must not fail a test run
    }
  }

  static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  static void appendLine(Path file, String line) {
    try {
      Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** The last {@code lines} lines of a text file (reading at most its last 64 KiB); empty if absent. */
  static String tail(Path file, int lines) {
    if (file == null || !Files.isRegularFile(file)) {
      return "";
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      int from = Math.max(0, bytes.length - TAIL_BYTES);
      String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
      Deque<String> last = new ArrayDeque<>();
      for (String line : text.split("\\R")) {
        last.addLast(line);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
      return String.join(System.lineSeparator(), last);
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }
}
