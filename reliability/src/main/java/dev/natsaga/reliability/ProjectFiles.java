package dev.natsaga.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository the runs need: the nats-server configurations and the samples' runnable jars. The root is
 * the system property {@code natsaga.project.root} (Surefire gets it from the parent pom), or the nearest folder
 * upwards from the working directory that holds {@code nats-config/dev.conf}.
 */
final class ProjectFiles {

  static final String BOOKING_JAR = "sample-booking/target/natsaga-sample-booking.jar";
  static final String PAYMENT_JAR = "sample-payment/target/natsaga-sample-payment.jar";

  private final Path root;

  private ProjectFiles(Path root) {
    this.root = root;
  }

  static ProjectFiles locate() {
    String property = System.getProperty("natsaga.project.root");
    if (property != null && !property.isBlank() && !property.startsWith("${") && Files.isRegularFile(Path.of(property, "nats-config", "dev.conf"))) {
      return new ProjectFiles(Path.of(property).toAbsolutePath().normalize());
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("nats-config/dev.conf"))) {
        return new ProjectFiles(p);
      }
    }
    throw new IllegalStateException("cannot find the natsaga repository (a folder with nats-config/dev.conf) from "
        + Path.of("").toAbsolutePath() + ": run from the repository or set -Dnatsaga.project.root=<repository>");
  }

  Path root() {
    return root;
  }

  Path natsConfig(String file) {
    Path p = root.resolve("nats-config").resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing nats-server configuration " + p);
    }
    return p;
  }

  /** The explicit jar if given, else the sample's jar in its target folder; fails naming the build command. */
  Path jar(Path explicit, String relative) {
    Path jar = explicit != null ? explicit.toAbsolutePath() : root.resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing the sample's runnable jar " + jar + ": build it with `mvn -B package -DskipTests`"
          + " (or pass --booking-jar / --payment-jar)");
    }
    return jar;
  }

  /** A new work folder for a run under {@code reliability/target/runs/}. */
  Path newWorkDir(String prefix) {
    try {
      Path runs = root.resolve("reliability/target/runs");
      Files.createDirectories(runs);
      return Files.createTempDirectory(runs, prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work folder: " + e.getMessage(), e);
    }
  }
}
