package dev.natsaga.test.nats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link NatsServerOptions} and {@link NatsClusterOptions} share: extra configuration lines, an
 * included configuration file, how long to wait for start-up, the parent of the temporary folder and
 * the binary. The builders inherit the setters from {@link Builder}.
 */
abstract class CommonOptions {

  private final List<String> configLines;
  private final Path configFile;
  private final Duration startupTimeout;
  private final Path baseDir;
  private final NatsServerBinary binary;

  CommonOptions(Builder<?> b) {
    this.configLines = List.copyOf(b.configLines);
    this.configFile = b.configFile;
    this.startupTimeout = b.startupTimeout;
    this.baseDir = b.baseDir;
    this.binary = b.binary;
  }

  /** Extra configuration lines; default none. */
  public List<String> configLines() {
    return configLines;
  }

  /** A configuration file that is included; null (the default) for none. */
  public Path configFile() {
    return configFile;
  }

  /** How long start and restarts wait for readiness. */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  /** The folder under which the temporary folder is made; null for the system temp folder. */
  public Path baseDir() {
    return baseDir;
  }

  /** The nats-server binary; null (the default) for {@link NatsServerBinary#resolve()}. */
  public NatsServerBinary binary() {
    return binary;
  }

  /** The shared setters; {@code B} is the concrete builder, returned for chaining. */
  abstract static class Builder<B extends Builder<B>> {
    private final List<String> configLines = new ArrayList<>();
    private Path configFile;
    private Duration startupTimeout;
    private Path baseDir;
    private NatsServerBinary binary;

    Builder(Duration defaultStartupTimeout) {
      this.startupTimeout = defaultStartupTimeout;
    }

    abstract B self();

    /** Appends one line of configuration. */
    public B configLine(String line) {
      configLines.add(Objects.requireNonNull(line, "line"));
      return self();
    }

    /** Appends several lines of configuration. */
    public B configLines(String... lines) {
      Arrays.stream(lines).forEach(this::configLine);
      return self();
    }

    /** Appends several lines of configuration. */
    public B configLines(List<String> lines) {
      lines.forEach(this::configLine);
      return self();
    }

    /** A configuration file (e.g. accounts) to include. */
    public B configFile(Path configFile) {
      this.configFile = configFile;
      return self();
    }

    /** How long to wait for readiness. */
    public B startupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
      return self();
    }

    /** The folder under which the temporary folder is made. */
    public B baseDir(Path baseDir) {
      this.baseDir = baseDir;
      return self();
    }

    /** A specific, already verified binary instead of the configured one. */
    public B binary(NatsServerBinary binary) {
      this.binary = binary;
      return self();
    }

    /** Copies the shared settings of {@code options} (for {@code toBuilder}). */
    B copyCommon(CommonOptions options) {
      configLines.addAll(options.configLines());
      configFile = options.configFile();
      startupTimeout = options.startupTimeout();
      baseDir = options.baseDir();
      binary = options.binary();
      return self();
    }

    /** @throws IllegalArgumentException on a non-positive timeout or a missing config file */
    void validateCommon() {
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
      }
      if (configFile != null && !Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("configFile " + configFile.toAbsolutePath() + " does not exist");
      }
    }
  }
}
