package dev.natsaga.test.nats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A verified nats-server executable (version 2.10 or newer) that the test harness starts.
 *
 * <p>The binary is found through one setting, checked in this order:
 * <ol>
 *   <li>the system property {@value #PROPERTY} (the parent pom passes it to Surefire from
 *       {@code NATS_SERVER_BIN});</li>
 *   <li>the environment variable {@value #ENV_VAR};</li>
 *   <li>the default {@code <project root>/.tools/nats-server/usr/sbin/nats-server}, which
 *       {@code scripts/fetch-nats-server.sh} installs. The project root is the system property
 *       {@value #PROJECT_ROOT_PROPERTY}, or else the working directory; from there the nearest
 *       folder upwards that contains {@value #FETCH_SCRIPT} wins.</li>
 * </ol>
 * An empty value or an unexpanded {@code ${...}} placeholder counts as unset. A nats-server on the
 * {@code PATH} is never used, because Debian's 2.9.x lacks features the framework relies on. When
 * the binary is missing or too old, {@link #resolve()} throws an {@link IllegalStateException} that
 * names the setting, the path it tried and the fix; tests fail rather than skip.
 *
 * <pre>{@code
 * NatsServerBinary bin = NatsServerBinary.resolve();   // cached per path
 * if (bin.isAtLeast(2, 11)) { ... use per-message TTL ... }
 * }</pre>
 */
public final class NatsServerBinary {

  /** System property naming the nats-server executable. */
  public static final String PROPERTY = "natsaga.nats.server.bin";
  /** Environment variable naming the nats-server executable. */
  public static final String ENV_VAR = "NATS_SERVER_BIN";
  /** System property naming the project root, where the default binary lives. */
  public static final String PROJECT_ROOT_PROPERTY = "natsaga.project.root";
  /** The script, relative to the project root, that downloads a current nats-server. */
  public static final String FETCH_SCRIPT = "scripts/fetch-nats-server.sh";
  /** Where {@link #FETCH_SCRIPT} puts the binary, relative to the project root. */
  public static final String DEFAULT_RELATIVE_PATH = ".tools/nats-server/usr/sbin/nats-server";

  static final int MIN_MAJOR = 2;
  static final int MIN_MINOR = 10;
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)\\S*");
  private static final ConcurrentMap<Path, NatsServerBinary> CACHE = new ConcurrentHashMap<>();

  private final Path path;
  private final String version;
  private final int major;
  private final int minor;

  private NatsServerBinary(Path path, String version, int major, int minor) {
    this.path = path;
    this.version = version;
    this.major = major;
    this.minor = minor;
  }

  /**
   * Finds and verifies the binary named by the setting described on this class. The result is
   * cached per path for the life of the JVM; a failure is not cached.
   *
   * @throws IllegalStateException if the binary is missing, not executable or older than 2.10
   */
  public static NatsServerBinary resolve() {
    BinaryLocation location = BinaryLocation.fromSettings();
    return CACHE.computeIfAbsent(location.path(), path -> verify(location));
  }

  /**
   * Verifies an explicit executable, bypassing the setting.
   *
   * @throws IllegalStateException if it is missing, not executable or older than 2.10
   */
  public static NatsServerBinary at(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return CACHE.computeIfAbsent(absolute, p -> verify(new BinaryLocation(p, "an explicit path")));
  }

  /** The absolute path of the executable. */
  public Path path() {
    return path;
  }

  /** The version the binary reports, such as {@code 2.15.1}. */
  public String version() {
    return version;
  }

  /** Whether this server is at least {@code major.minor}, for tests of version-dependent features. */
  public boolean isAtLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    return "nats-server " + version + " at " + path;
  }

  private static NatsServerBinary verify(BinaryLocation location) {
    Path path = location.path();
    if (!Files.isRegularFile(path)) {
      throw problem("nats-server not found at " + path, location);
    }
    if (!Files.isExecutable(path)) {
      throw problem("nats-server at " + path + " is not executable", location);
    }
    String output = versionOutput(path, location);
    Matcher m = VERSION.matcher(output);
    if (!m.find()) {
      throw problem("nats-server at " + path + " did not report a version (--version printed: '"
          + output.strip() + "')", location);
    }
    NatsServerBinary binary = new NatsServerBinary(path, m.group().substring(1),
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    if (!binary.isAtLeast(MIN_MAJOR, MIN_MINOR)) {
      throw problem("nats-server at " + path + " is version " + binary.version
          + ", older than the required " + MIN_MAJOR + "." + MIN_MINOR, location);
    }
    return binary;
  }

  private static String versionOutput(Path path, BinaryLocation location) {
    try {
      Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      // The output is one short line, far below the pipe's buffer, so waiting first cannot block.
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw problem("nats-server at " + path + " did not answer --version within 10 s", location);
      }
      try (InputStream in = process.getInputStream()) {
        return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw problem("nats-server at " + path + " could not be run (" + e.getMessage() + ")", location);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the version of " + path, e);
    }
  }

  private static IllegalStateException problem(String what, BinaryLocation location) {
    return new IllegalStateException(what + " (path from " + location.source() + "). "
        + "The tests need a real nats-server >= " + MIN_MAJOR + "." + MIN_MINOR + " and never fall back "
        + "to one on the PATH. Fix: run " + FETCH_SCRIPT + " (it installs one at <project root>/"
        + DEFAULT_RELATIVE_PATH + ", the default), or set " + ENV_VAR + " or -D" + PROPERTY
        + " to the path of a nats-server >= " + MIN_MAJOR + "." + MIN_MINOR + ".");
  }
}
