package dev.natsaga.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a service's wall clock at run time with libfaketime (Debian's {@code faketime} package): the service runs with
 * the library preloaded and reads its clock offset from a file of its own, which a fault rewrites ({@code +1h}, then
 * {@code +0}: a jump forward and back). The monotonic clock is left alone, so timeouts measured with
 * {@code System.nanoTime()} and the JVM's own timers are unaffected, as on a real machine whose NTP steps the clock.
 */
final class ClockJumps {

  /** Where Debian's faketime package puts the multi-threaded library. */
  static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
      Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"), Path.of("/usr/lib/faketime/libfaketimeMT.so.1"));

  private ClockJumps() { }

  /** The preloadable library; fails naming the package when it is missing. */
  static Path library() {
    return LIBRARIES.stream().filter(Files::isReadable).findFirst().orElseThrow(() -> new IllegalStateException(
        "clock jumps need libfaketime (" + LIBRARIES.get(0) + "): apt-get install faketime"));
  }

  /** The environment that runs a service under libfaketime with its offset in {@code offsetFile} (created at +0). */
  static Map<String, String> environment(Path offsetFile) {
    set(offsetFile, "+0");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LD_PRELOAD", library().toString());
    env.put("FAKETIME_TIMESTAMP_FILE", offsetFile.toString());
    env.put("FAKETIME_CACHE_DURATION", "1");
    env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    // libfaketime 0.9.10's fix for pthread_cond_timedwait on the monotonic clock hangs the JVM at start (seen here)
    env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
    return env;
  }

  /** Sets the offset (libfaketime's syntax: {@code +1h}, {@code -30m}, {@code +0}); the service sees it within 1 s. */
  static void set(Path offsetFile, String offset) {
    try {
      Files.createDirectories(offsetFile.getParent());
      Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
      Files.writeString(tmp, offset + "\n");
      Files.move(tmp, offsetFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the clock offset " + offsetFile, e);
    }
  }

  /** A service's offset file in the run's folder. */
  static Path offsetFile(Path workDir, String service) {
    return workDir.resolve("clock").resolve(service + ".rc");
  }
}
