package dev.natsaga.test.nats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the nats-server binary is expected and which setting said so. Reads the one documented
 * setting in order: system property, environment variable, project default.
 */
record BinaryLocation(Path path, String source) {

  /** Resolves the location from this JVM's system properties, environment and working directory. */
  static BinaryLocation fromSettings() {
    return fromSettings(System::getProperty, System::getenv, Path.of("").toAbsolutePath());
  }

  static BinaryLocation fromSettings(UnaryOperator<String> properties, UnaryOperator<String> environment,
                   Path workingDir) {
    String property = setting(properties.apply(NatsServerBinary.PROPERTY));
    String env = setting(environment.apply(NatsServerBinary.ENV_VAR));
    if (property != null) {
      return new BinaryLocation(absolute(property, workingDir), property.equals(env)
          ? "environment variable " + NatsServerBinary.ENV_VAR + ", passed on as -D" + NatsServerBinary.PROPERTY
          : "system property -D" + NatsServerBinary.PROPERTY);
    }
    if (env != null) {
      return new BinaryLocation(absolute(env, workingDir),
          "environment variable " + NatsServerBinary.ENV_VAR);
    }
    String rootHint = setting(properties.apply(NatsServerBinary.PROJECT_ROOT_PROPERTY));
    Path root = projectRoot(rootHint == null ? workingDir : absolute(rootHint, workingDir));
    return new BinaryLocation(root.resolve(NatsServerBinary.DEFAULT_RELATIVE_PATH).normalize(),
        "the default <project root>/" + NatsServerBinary.DEFAULT_RELATIVE_PATH
            + " (neither " + NatsServerBinary.ENV_VAR + " nor -D" + NatsServerBinary.PROPERTY
            + " is set; project root " + root + ")");
  }

  /**
   * The nearest folder at or above {@code start} that holds {@code scripts/fetch-nats-server.sh};
   * {@code start} itself when there is none (for example when a module is built on its own).
   */
  static Path projectRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(NatsServerBinary.FETCH_SCRIPT))) {
        return dir;
      }
    }
    return start;
  }

  /** A setting's value, or null when it is unset, blank, or an unexpanded Maven {@code ${...}} placeholder. */
  static String setting(String raw) {
    if (raw == null || raw.isBlank() || raw.contains("${")) {
      return null;
    }
    return raw.trim();
  }

  private static Path absolute(String value, Path workingDir) {
    return workingDir.resolve(value).toAbsolutePath().normalize();
  }
}
