package dev.natsaga.test.nats;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real nats-server process with JetStream, on a free port of 127.0.0.1, with its own temporary
 * folder (config, log and store), deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (NatsServer server = NatsServer.start();
 *      Connection nc = Nats.connect(server.url())) {
 *     ...
 *     server.kill();      // SIGKILL: no shutdown, no flush
 *     server.restart();   // same port, same store folder; returns once JetStream is ready
 * }
 * }</pre>
 *
 * <p>The server's output goes to {@link #logFile()}; failures to start or become ready throw an
 * {@link IllegalStateException} that quotes the last lines of that log. Servers still running when
 * the JVM exits are killed by a shutdown hook. Methods are thread-safe.
 */
public final class NatsServer implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(NatsServer.class);
  private static final int FAILURE_LOG_LINES = 40;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final NatsServerBinary binary;
  private final String name;
  private final String host;
  private final int port;
  private final int monitorPort;
  private final ServerFiles files;
  private final Duration startupTimeout;
  private final List<String> command;
  private volatile Process process;
  private boolean closed;

  private NatsServer(NatsServerOptions options, Path parentDir) {
    this.binary = options.binary() != null ? options.binary() : NatsServerBinary.resolve();
    int[] ports = FreePorts.pick(2);
    this.host = options.host();
    this.port = options.port() != 0 ? options.port() : ports[0];
    this.monitorPort = ports[1];
    this.name = options.serverName() != null ? options.serverName() : "natsaga-" + port;
    this.startupTimeout = options.startupTimeout();
    this.files = ServerFiles.in(WorkDirs.create(parentDir, "natsaga-nats-" + name + "-"));
    files.writeConfig(name, options.configFile(), options.configLines());
    List<String> launch = new java.util.ArrayList<>(options.launcher());
    launch.addAll(files.command(binary, host, port, monitorPort, name, options.jetStream()));
    this.command = List.copyOf(launch);
  }

  /** Starts a server with {@link NatsServerOptions#defaults()} and waits until it is ready. */
  public static NatsServer start() {
    return start(NatsServerOptions.defaults());
  }

  /**
   * Starts a server and waits until it accepts clients and JetStream is ready.
   *
   * @throws IllegalStateException if the binary is unusable or the server does not become ready in
   *                               time; the message quotes the end of the server's log, and the
   *                               server's folder (config and log) is kept for inspection
   */
  public static NatsServer start(NatsServerOptions options) {
    NatsServer server = create(options, options.baseDir());
    try {
      server.launch();
      server.awaitReady();
      return server;
    } catch (RuntimeException e) {
      server.abandon();
      throw e;
    }
  }

  /** Prepares a server's folder and config without starting it (a cluster starts all nodes first). */
  static NatsServer create(NatsServerOptions options, Path parentDir) {
    return new NatsServer(options, parentDir);
  }

  /** Starts the process without waiting for it to be ready. */
  synchronized void launch() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    if (isRunning()) {
      throw new IllegalStateException(this + " is already running");
    }
    WorkDirs.appendLine(files.logFile(), "--- natsaga test-nats: starting " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).directory(files.workDir().toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile()));
    try {
      Process started = builder.start();
      started.getOutputStream().close();
      ProcessReaper.register(started);
      process = started;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
    }
    LOG.debug("started {} (pid {}), log {}", this, process.pid(), files.logFile());
  }

  /** Waits up to the configured startup timeout; see {@link #awaitReady(Duration)}. */
  public void awaitReady() {
    awaitReady(startupTimeout);
  }

  /**
   * Waits until the server accepts client connections and its {@code /healthz} endpoint reports
   * ready (JetStream enabled and recovered; in a cluster also in contact with the meta leader).
   *
   * @throws IllegalStateException if the process exits or is not ready in time, with the log's tail
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String problem;
    do {
      Process current = process;
      if (current == null || !current.isAlive()) {
        throw failure(current == null ? "is not started" : "exited with code " + current.exitValue());
      }
      problem = HealthCheck.problem(host, port, monitorPort);
      if (problem == null) {
        return;
      }
      pause(Duration.ofMillis(50));
    } while (System.nanoTime() < deadline);
    throw failure("was not ready within " + timeout.toMillis() + " ms: " + problem);
  }

  /** Hard kill (SIGKILL): no graceful shutdown and no flush. Returns once the process is gone; no-op if not running. */
  public synchronized void kill() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    ProcessReaper.killNow(current);
    if (!waitFor(current)) {
      throw new IllegalStateException(this + " (pid " + current.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
    }
    LOG.debug("killed {}", this);
  }

  /** Graceful shutdown (SIGTERM), escalating to {@link #kill()} after 10 s; no-op if not running. */
  public synchronized void stop() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    current.destroy();
    if (!waitFor(current)) {
      kill();
    }
    LOG.debug("stopped {}", this);
  }

  /**
   * Starts the server again on the same port with the same store folder (stopping it gracefully
   * first if it runs), and waits until it is ready. A cluster node is ready only once it reaches
   * the meta leader, so restart enough nodes for a quorum with {@link NatsCluster#restartAll()}.
   */
  public void restart() {
    synchronized (this) {
      stop();
      launch();
    }
    awaitReady();
  }

  /**
   * Freezes the process (SIGSTOP) for {@code duration}, then lets it run on (SIGCONT): the server keeps its sockets
   * and state but answers nothing meanwhile, as in a long GC pause or a descheduled VM. No-op if not running.
   */
  public void freeze(Duration duration) {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    Signals.pause(current.pid(), duration);
  }

  /** Whether the process is alive. */
  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** The client URL, {@code nats://127.0.0.1:<port>} (the options' {@code host}). */
  public String url() {
    return "nats://" + host + ":" + port;
  }

  /** The address the server listens on ({@link NatsServerOptions#host()}). */
  public String host() {
    return host;
  }

  /** The client port; it stays the same across restarts. */
  public int port() {
    return port;
  }

  /** The HTTP monitoring port ({@code /varz}, {@code /jsz}, {@code /healthz}). */
  public int monitorPort() {
    return monitorPort;
  }

  /** The monitoring base URL, {@code http://127.0.0.1:<monitorPort>}. */
  public String monitorUrl() {
    return "http://" + host + ":" + monitorPort;
  }

  /** The server name ({@code server_name}). */
  public String name() {
    return name;
  }

  /** The JetStream store folder passed as {@code store_dir}; the server keeps its data in {@code jetstream/} below. */
  public Path storeDir() {
    return files.storeDir();
  }

  /** The generated configuration file. */
  public Path configFile() {
    return files.configFile();
  }

  /** The file that receives the server's output, across restarts. */
  public Path logFile() {
    return files.logFile();
  }

  /** The last {@code lines} lines of {@link #logFile()}, for assertion and failure messages. */
  public String logTail(int lines) {
    return WorkDirs.tail(files.logFile(), lines);
  }

  /** The binary this server runs. */
  public NatsServerBinary binary() {
    return binary;
  }

  /** Kills the process if it runs and deletes the temporary folder; idempotent. Use {@link #stop()} first for a graceful end. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      kill();
    }
    WorkDirs.deleteRecursively(files.workDir());
  }

  /** Kills the process and closes this server but keeps its folder, so a failed start can be inspected. */
  synchronized void abandon() {
    closed = true;
    kill();
  }

  @Override
  public String toString() {
    return "nats-server '" + name + "' at " + url();
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(this + " " + what + "\n--- last " + FAILURE_LOG_LINES + " lines of "
        + files.logFile() + " ---\n" + logTail(FAILURE_LOG_LINES));
  }

  private static boolean waitFor(Process process) {
    try {
      return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for nats-server to exit", e);
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for nats-server", e);
    }
  }
}
