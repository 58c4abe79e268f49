package dev.natsaga.reliability;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything a run starts: nats-server (one or three), the two services as separate JVMs on free ports, their
 * databases, and the run's own NATS connection (to read streams and the DLQ, and to publish hostile messages).
 */
final class Deployment implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** The consumers' ack wait in a pause run, shorter than {@link Faults#PAUSE} so a frozen holder's messages come due. */
  static final Duration PAUSE_ACK_WAIT = Duration.ofSeconds(5);
  /** The folders of the full-disk run's small file systems: the nats-server store, the H2 databases. */
  static final String NATS_DISK = "nats-disk";
  static final String DB_DISK = "db";

  private final RunOptions options;
  private final Path workDir;
  private final NatsNodes nats;
  private final Databases databases;
  private final ServiceProcess booking;
  private final ServiceProcess payment;
  private final Http http;
  private final SmallDisks disks;
  private final ConsoleAccess console;
  private Connection connection;

  private Deployment(RunOptions options, Path workDir, NatsNodes nats, Databases databases, ServiceProcess booking,
                     ServiceProcess payment, Http http, SmallDisks disks, ConsoleAccess console) {
    this.disks = disks;
    this.console = console;
    this.options = options;
    this.workDir = workDir;
    this.nats = nats;
    this.databases = databases;
    this.booking = booking;
    this.payment = payment;
    this.http = http;
  }

  /** Starts nats-server, then both services, and waits until both answer {@code /health} with 200. */
  static Deployment start(RunOptions options, ProjectFiles files, Path workDir, Http http) throws Exception {
    Files.createDirectories(workDir.resolve("logs"));
    Path bookingJar = files.jar(options.bookingJar(), ProjectFiles.BOOKING_JAR);
    Path paymentJar = files.jar(options.paymentJar(), ProjectFiles.PAYMENT_JAR);
    SmallDisks disks = new SmallDisks();
    Path natsDir = workDir;
    if (options.fullDisks()) {
      natsDir = disks.mount(workDir.resolve(NATS_DISK));
      disks.mount(workDir.resolve(DB_DISK));
    }
    NatsNodes nats;
    Databases dbs;
    try {
      nats = options.cluster() ? NatsNodes.cluster(files, natsDir) : NatsNodes.single(files, natsDir);
    } catch (RuntimeException e) {
      disks.close();
      throw e;
    }
    try {
      dbs = options.postgres() ? Databases.postgres(options.env() + "_" + workDir.getFileName()) : Databases.h2(workDir);
    } catch (Exception e) {
      nats.close();
      disks.close();
      throw e;
    }
    Map<String, String> common = new LinkedHashMap<>();
    common.put("NATS_URL", nats.url());
    common.put("APP_ENV", options.env());
    if (options.pauses()) {
      common.put("NATS_CONSUMER_ACK_WAIT", PAUSE_ACK_WAIT.toSeconds() + "s");
    }
    if (options.cluster()) {
      common.put("NATS_STREAM_REPLICAS", "3");
      common.put("NATS_PUBLISH_ATTEMPTS", "12");    // longer than a stream leader election (nats-config/README.md)
    }
    Map<String, String> bookingEnv = new LinkedHashMap<>(common);
    bookingEnv.put("BOOKING_DB_URL", dbs.bookingUrl());
    bookingEnv.put("BOOKING_DB_USER", dbs.user());
    Map<String, String> paymentEnv = new LinkedHashMap<>(common);
    paymentEnv.put("PAYMENT_DB_URL", dbs.paymentUrl());
    paymentEnv.put("PAYMENT_DB_USER", dbs.user());
    paymentEnv.put("PAYMENT_DECLINE_ABOVE", Long.toString(options.declineAbove()));
    ConsoleAccess console = options.mode() == RunOptions.Mode.FUZZ ? ConsoleAccess.forRun() : null;
    if (console != null) {
      bookingEnv.putAll(console.environment());     // the fuzz run's console categories (SurfaceFuzz)
    }
    if (options.clockJumps()) {
      bookingEnv.putAll(ClockJumps.environment(ClockJumps.offsetFile(workDir, "booking")));
      paymentEnv.putAll(ClockJumps.environment(ClockJumps.offsetFile(workDir, "payment")));
    }
    ServiceProcess booking = new ServiceProcess("booking", bookingJar, bookingEnv, ServiceProcess.freePort(),
        workDir.resolve("logs/booking.log"), http);
    ServiceProcess payment = new ServiceProcess("payment", paymentJar, paymentEnv, ServiceProcess.freePort(),
        workDir.resolve("logs/payment.log"), http);
    Deployment d = new Deployment(options, workDir, nats, dbs, booking, payment, http, disks, console);
    try {
      payment.start();
      booking.start();
      CompletableFuture<?> p = CompletableFuture.runAsync(() -> payment.awaitHealthy(START_TIMEOUT));
      booking.awaitHealthy(START_TIMEOUT);
      p.join();
      d.connection = Nats.connect(new Options.Builder().servers(nats.url().split(",")).maxReconnects(-1)
          .reconnectWait(Duration.ofMillis(500)).connectionTimeout(Duration.ofSeconds(5)).connectionName("reliability")
          .errorListener(new QuietErrors()).build());
      return d;
    } catch (Exception | Error e) {
      d.close();
      throw e;
    }
  }

  RunOptions options() {
    return options;
  }

  Path workDir() {
    return workDir;
  }

  NatsNodes nats() {
    return nats;
  }

  Databases databases() {
    return databases;
  }

  ServiceProcess booking() {
    return booking;
  }

  ServiceProcess payment() {
    return payment;
  }

  Http http() {
    return http;
  }

  /** The console the booking service embeds in a fuzz run (null in other runs). */
  ConsoleAccess console() {
    return console;
  }

  /** The run's own NATS connection (reconnects forever). */
  Connection connection() {
    return connection;
  }

  String env() {
    return options.env();
  }

  /** {@code {ENV}_{DOMAIN}}, as the framework names streams. */
  String stream(String domain) {
    return options.env().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_" + domain.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
  }

  String dlqStream() {
    return stream("dlq");
  }

  /** Both services stopped gracefully (SIGTERM), so their H2 files can be read. */
  void stopServices() {
    CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> booking.stop(Duration.ofSeconds(60)));
    payment.stop(Duration.ofSeconds(60));
    b.join();
  }

  String describe() {
    return "nats " + nats.describe() + "\n  booking " + booking + ", log " + booking.log() + "\n  payment " + payment + ", log "
        + payment.log() + "\n  databases " + databases.describe() + "\n  work folder " + workDir;
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    booking.stop(Duration.ofSeconds(30));
    payment.stop(Duration.ofSeconds(30));
    nats.saveLogs(workDir.resolve("logs"));
    nats.close();
    disks.close();
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps jnats' connection-level warnings (expected during faults) out of the run's output. */
  private static final class QuietErrors implements io.nats.client.ErrorListener {
  }
}
