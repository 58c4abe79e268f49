package dev.natsaga.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A process's open file handles from {@code /proc}, and how many of them are TCP connections accepted on one local
 * port: the soak run's own HTTP client keeps up to one keep-alive connection per load thread open to each service,
 * more after a pause (requests waited and opened new ones), so the soak judges a service's handles without those.
 */
final class ProcFds {

  private ProcFds() {
  }

  /** Open file handles of {@code pid}, -1 when it cannot be read. */
  static long count(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** Handles of {@code pid} that are TCP sockets whose local port is {@code port} (connections it accepted there). */
  static long acceptedOn(long pid, int port) {
    if (pid <= 0) {
      return -1;
    }
    Set<String> inodes = socketInodes(pid);
    long n = 0;
    for (String table : List.of("tcp", "tcp6")) {
      try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "net", table))) {
        n += lines.skip(1).map(l -> l.trim().split("\\s+")).filter(f -> f.length > 9)
            .filter(f -> Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port && inodes.contains(f[9])).count();
      } catch (IOException | UncheckedIOException | NumberFormatException e) {
        return -1;
      }
    }
    return n;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed while listing
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return inodes;
    }
    return inodes;
  }
}
