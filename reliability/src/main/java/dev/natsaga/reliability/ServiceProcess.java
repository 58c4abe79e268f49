package dev.natsaga.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sample service as its own JVM: {@code java -jar <jar>} with the given environment, output appended to a log
 * file across restarts. {@link #kill9()} is SIGKILL (no shutdown hook runs); {@link #start()} after it starts the
 * same jar with the same environment, port and database.
 *
 * <pre>{@code
 * ServiceProcess booking = new ServiceProcess("booking", jar, env, ServiceProcess.freePort(), log);
 * booking.start().awaitHealthy(Duration.ofSeconds(60));
 * booking.kill9();
 * booking.start().awaitHealthy(Duration.ofSeconds(60));
 * }</pre>
 */
final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Path jar;
  private final Map<String, String> env;
  private final int httpPort;
  private final Path log;
  private final Http http;
  private volatile Process process;
  private int starts;

  ServiceProcess(String name, Path jar, Map<String, String> env, int httpPort, Path log, Http http) {
    this.name = name;
    this.jar = jar;
    this.env = new LinkedHashMap<>(env);
    this.env.put("HTTP_PORT", Integer.toString(httpPort));
    this.httpPort = httpPort;
    this.log = log;
    this.http = http;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process p = process;
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }, "kill-" + name));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  Map<String, String> env() {
    return Map.copyOf(env);
  }

  int httpPort() {
    return httpPort;
  }

  String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  /** Starts the JVM (not waiting for it to be ready). */
  synchronized ServiceProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dnatsaga.reliability.service=" + name, "-jar", jar.toString()));
    try {
      Files.writeString(log, "--- reliability: start #" + (++starts) + " of " + name + " at " + Instant.now() + ": "
          + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(log.getParent().toFile());
      builder.environment().putAll(env);
      process = builder.start();
      process.getOutputStream().close();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Waits until {@code GET /health} answers 200; fails with the log's tail when the process dies or time runs out. */
  ServiceProcess awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException(name + " exited" + (p == null ? "" : " with " + p.exitValue()) + ":\n" + logTail(40));
      }
      if (healthy()) {
        return this;
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s:\n" + logTail(40));
  }

  /** Whether {@code GET /health} answers 200 now. */
  boolean healthy() {
    Http.Response r = http.get(url("/health"), Duration.ofSeconds(3));
    return r.status() == 200;
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** SIGKILL; returns once the process is gone. */
  synchronized void kill9() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroyForcibly();
    waitFor(p, Duration.ofSeconds(20));
  }

  /** SIGTERM (graceful shutdown), SIGKILL after {@code timeout}; @return whether it ended gracefully. */
  synchronized boolean stop(Duration timeout) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return true;
    }
    p.destroy();
    if (waitFor(p, timeout)) {
      return true;
    }
    p.destroyForcibly();
    waitFor(p, Duration.ofSeconds(20));
    return false;
  }

  Path log() {
    return log;
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  /** Lines of the log that contain {@code needle}. */
  List<String> grep(String needle) {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(needle)).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + " (port " + httpPort + ", pid " + pid() + ")";
  }
}
