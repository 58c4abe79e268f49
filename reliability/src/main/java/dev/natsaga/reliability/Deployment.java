package dev.natsaga.reliability;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final List<ServiceProcess> bookings;
  private final List<ServiceProcess> payments;
  private final Http http;
  private final SmallDisks disks;
  private final ConsoleAccess console;
  private Connection connection;

  private Deployment(RunOptions options, Path workDir, NatsNodes nats, Databases databases, List<ServiceProcess> bookings,
                     List<ServiceProcess> payments, Http http, SmallDisks disks, ConsoleAccess console) {
    this.disks = disks;
    this.console = console;
    this.options = options;
    this.workDir = workDir;
    this.nats = nats;
    this.databases = databases;
    this.bookings = List.copyOf(bookings);
    this.payments = List.copyOf(payments);
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
      natsDir = disks.mount(workDir.resolve(NATS_DISK), SmallDisks.SIZE_MB);
      disks.mount(workDir.resolve(DB_DISK), options.quick() ? SmallDisks.SIZE_MB : SmallDisks.FULL_RUN_DB_SIZE_MB);
    }
    NatsNodes nats;
    Databases dbs;
    try {
      nats = options.partitions() ? NatsNodes.partitionable(files, natsDir)
          : options.cluster() ? NatsNodes.cluster(files, natsDir) : NatsNodes.single(files, natsDir);
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
    List<ServiceProcess> bookings = instances("booking", options.bookingInstances(), bookingJar, bookingEnv, workDir, http);
    List<ServiceProcess> payments = instances("payment", options.paymentInstances(), paymentJar, paymentEnv, workDir, http);
    Deployment d = new Deployment(options, workDir, nats, dbs, bookings, payments, http, disks, console);
    try {
      startAll(payments);
      startAll(bookings);
      d.connection = Nats.connect(new Options.Builder().servers(nats.url().split(",")).maxReconnects(-1)
          .reconnectWait(Duration.ofMillis(500)).connectionTimeout(Duration.ofSeconds(5)).connectionName("reliability")
          .errorListener(new QuietErrors()).build());
      return d;
    } catch (Exception | Error e) {
      d.close();
      throw e;
    }
  }

  /** {@code count} processes of one service: {@code booking}, {@code booking-2}, ... each on its own port and log. */
  private static List<ServiceProcess> instances(String name, int count, Path jar, Map<String, String> env, Path workDir, Http http) {
    List<ServiceProcess> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String instance = i == 1 ? name : name + "-" + i;
      list.add(new ServiceProcess(instance, jar, env, ServiceProcess.freePort(), workDir.resolve("logs/" + instance + ".log"), http));
    }
    return list;
  }

  /** Starts the processes and waits until each is healthy (the first one alone first: it migrates the database). */
  private static void startAll(List<ServiceProcess> services) {
    services.get(0).start().awaitHealthy(START_TIMEOUT);
    List<CompletableFuture<?>> rest = new ArrayList<>();
    for (ServiceProcess s : services.subList(1, services.size())) {
      s.start();
      rest.add(CompletableFuture.runAsync(() -> s.awaitHealthy(START_TIMEOUT)));
    }
    rest.forEach(CompletableFuture::join);
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

  /** The first booking instance. */
  ServiceProcess booking() {
    return bookings.get(0);
  }

  /** The first payment instance. */
  ServiceProcess payment() {
    return payments.get(0);
  }

  /** Booking instance {@code n} modulo their number: round-robin over the instances. */
  ServiceProcess booking(int n) {
    return bookings.get(Math.floorMod(n, bookings.size()));
  }

  /** Payment instance {@code n} modulo their number. */
  ServiceProcess payment(int n) {
    return payments.get(Math.floorMod(n, payments.size()));
  }

  /** Every service process, booking instances first. */
  List<ServiceProcess> services() {
    List<ServiceProcess> all = new ArrayList<>(bookings);
    all.addAll(payments);
    return all;
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
    services().stream().map(s -> CompletableFuture.supplyAsync(() -> s.stop(Duration.ofSeconds(60)))).toList()
        .forEach(CompletableFuture::join);
  }

  String describe() {
    StringBuilder b = new StringBuilder("nats " + nats.describe());
    if (nats.network() != null) {
      b.append("\n  network ").append(nats.network().describe());
    }
    services().forEach(s -> b.append("\n  ").append(s).append(", log ").append(s.log()));
    return b + "\n  databases " + databases.describe() + "\n  work folder " + workDir;
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
    services().forEach(s -> s.stop(Duration.ofSeconds(30)));
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
