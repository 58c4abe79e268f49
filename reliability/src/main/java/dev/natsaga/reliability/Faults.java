package dev.natsaga.reliability;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The faults of a fault run, injected on a schedule by one thread while the bookings flow: each waits for its time
 * (and for the previous fault to have been repaired), breaks something, repairs it, and records when.
 */
final class Faults {

  /** What a fault does. */
  enum Kind {
    BOOKING_KILL("kill -9 of the booking service, restarted"),
    PAYMENT_KILL("kill -9 of the payment service, restarted"),
    PAYMENT_OUTAGE("kill -9 of the payment service, restarted 45 s later (payment steps time out: 3 x 10 s)"),
    NATS_RESTART("kill -9 of nats-server, restarted on the same port and store"),
    NODE_LOSS("kill -9 of one of three nats-server nodes, restarted 15 s later"),
    DB_SESSIONS("every PostgreSQL session of the services terminated"),
    DB_RESTART("PostgreSQL server restarted (pg_ctlcluster restart)"),
    BOOKING_PAUSE("booking service frozen (SIGSTOP) past the ack wait and the step deadlines, then SIGCONT"),
    PAYMENT_PAUSE("payment service frozen (SIGSTOP) past the ack wait and the step deadlines, then SIGCONT"),
    NATS_PAUSE("nats-server node frozen (SIGSTOP) past the ack wait, then SIGCONT"),
    BOOKING_CLOCK_FORWARD("booking service's wall clock jumped forward, then back"),
    PAYMENT_CLOCK_FORWARD("payment service's wall clock jumped forward, then back"),
    BOOKING_CLOCK_BACK("booking service's wall clock jumped back, then forward"),
    PAYMENT_CLOCK_BACK("payment service's wall clock jumped back, then forward"),
    NATS_DISK_FULL("nats-server's store file system filled to the last byte, then freed and nats-server restarted"),
    DB_DISK_FULL("the services' database file system filled to the last byte, then freed"),
    LEADER_ISOLATED("the payment stream's leader node cut off the network, healed after the hold"),
    FOLLOWER_ISOLATED("a follower node of the payment stream cut off the network, healed after the hold"),
    SERVICES_SPLIT("the services and one node split from the other two nodes (the majority), healed after the hold");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** One injected fault: when, what, when repaired, and how long bookings took to flow again (set by the checks). */
  static final class Event {
    final Kind kind;
    final String target;
    final Instant injectedAt;
    volatile Instant repairedAt;
    volatile String note;
    volatile Duration recovery;

    Event(Kind kind, String target, Instant injectedAt) {
      this.kind = kind;
      this.target = target;
      this.injectedAt = injectedAt;
    }

    @Override
    public String toString() {
      return kind + " (" + target + ") at " + injectedAt + (note == null ? "" : " [" + note + "]");
    }
  }

  /** How long a pause fault freezes a process: past the pause run's ack wait and the payment steps' 10 s deadline. */
  static final Duration PAUSE = Duration.ofSeconds(12);
  /** How far a clock-jump fault moves a service's wall clock, and how long it holds it there. */
  static final String CLOCK_JUMP = "1h";
  static final Duration CLOCK_HOLD = Duration.ofSeconds(10);
  /** How long a full-disk fault keeps the file system full. */
  static final Duration DISK_FULL_HOLD = Duration.ofSeconds(10);

  private final Deployment deployment;
  private final List<Kind> plan;
  private final Duration loadDuration;
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private Thread thread;
  private volatile boolean stopped;
  private int node;
  private int bookingKills;
  private int paymentKills;
  private PartitionFaults partitions;

  Faults(Deployment deployment, List<Kind> plan, Duration loadDuration) {
    this.deployment = deployment;
    this.plan = plan;
    this.loadDuration = loadDuration;
  }

  /** The faults of a run: quick 4 (+1 with PostgreSQL), full 11 (+1 in a cluster, +2 with PostgreSQL). */
  static List<Kind> plan(RunOptions o) {
    if (o.partitions()) {
      return PartitionFaults.plan(o);
    }
    if (o.fullDisks()) {
      return o.quick() ? List.of(Kind.NATS_DISK_FULL, Kind.DB_DISK_FULL)
          : List.of(Kind.NATS_DISK_FULL, Kind.DB_DISK_FULL, Kind.NATS_DISK_FULL, Kind.DB_DISK_FULL);
    }
    if (o.clockJumps()) {
      List<Kind> jumps = List.of(Kind.BOOKING_CLOCK_FORWARD, Kind.PAYMENT_CLOCK_FORWARD, Kind.BOOKING_CLOCK_BACK,
          Kind.PAYMENT_CLOCK_BACK);
      return o.quick() ? jumps : java.util.stream.Stream.of(jumps, jumps).flatMap(List::stream).toList();
    }
    if (o.pauses()) {
      return o.quick() ? List.of(Kind.BOOKING_PAUSE, Kind.PAYMENT_PAUSE, Kind.NATS_PAUSE)
          : List.of(Kind.BOOKING_PAUSE, Kind.PAYMENT_PAUSE, Kind.NATS_PAUSE, Kind.BOOKING_PAUSE, Kind.PAYMENT_PAUSE,
              Kind.NATS_PAUSE, Kind.BOOKING_PAUSE, Kind.PAYMENT_PAUSE, Kind.NATS_PAUSE);
    }
    Kind nats = o.cluster() ? Kind.NODE_LOSS : Kind.NATS_RESTART;
    List<Kind> plan = new ArrayList<>(o.quick()
        ? List.of(Kind.BOOKING_KILL, Kind.PAYMENT_KILL, nats, Kind.BOOKING_KILL)
        : List.of(Kind.BOOKING_KILL, Kind.PAYMENT_KILL, nats, Kind.BOOKING_KILL, Kind.PAYMENT_OUTAGE, nats, Kind.BOOKING_KILL,
            Kind.PAYMENT_KILL, nats, Kind.BOOKING_KILL, Kind.PAYMENT_KILL));
    if (o.cluster() && !o.quick()) {
      plan.add(Kind.NATS_RESTART);      // in the cluster: one node restarted at once (no wait), besides the longer losses
    }
    if (o.postgres()) {
      plan.add(plan.size() / 2, Kind.DB_SESSIONS);
      if (!o.quick()) {
        plan.add(o.pgRestart() ? Kind.DB_RESTART : Kind.DB_SESSIONS);
      }
    }
    return plan;
  }

  /**
   * Starts injecting; faults are spread over the first 85 % of the load, the rest stays quiet. A fault waits at least
   * half the spacing after the previous one was repaired, so the time to recover after each can be told apart.
   */
  void start() {
    thread = new Thread(this::inject, "faults");
    thread.setDaemon(true);
    thread.start();
  }

  private void inject() {
    long begin = System.nanoTime();
    long spacing = (long) (loadDuration.toNanos() * 0.85 / (plan.size() + 1));
    long previousRepaired = begin;
    for (int i = 0; i < plan.size() && !stopped; i++) {
      long wait = Math.max(begin + (i + 1) * spacing, previousRepaired + spacing / 2) - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000L);
        } catch (InterruptedException e) {
          return;
        }
      }
      try {
        inject(plan.get(i));
        previousRepaired = System.nanoTime();
      } catch (RuntimeException e) {
        problems.add(plan.get(i) + ": " + e.getMessage());
        System.out.println("  fault " + plan.get(i) + " could not be repaired: " + e.getMessage());
      }
    }
  }

  private void inject(Kind kind) {
    switch (kind) {
      case BOOKING_KILL -> restartService(kind, deployment.booking(bookingKills++), Duration.ofSeconds(1));
      case PAYMENT_KILL -> restartService(kind, deployment.payment(paymentKills++), Duration.ofSeconds(1));
      case PAYMENT_OUTAGE -> restartService(kind, deployment.payment(paymentKills++), Duration.ofSeconds(45));
      case LEADER_ISOLATED, FOLLOWER_ISOLATED, SERVICES_SPLIT -> partition(kind);
      case NATS_RESTART -> restartNats(kind, Duration.ofSeconds(1));
      case NODE_LOSS -> restartNats(kind, Duration.ofSeconds(15));
      case DB_SESSIONS -> terminateSessions();
      case DB_RESTART -> restartPostgres();
      case BOOKING_PAUSE -> pauseService(kind, deployment.booking());
      case PAYMENT_PAUSE -> pauseService(kind, deployment.payment());
      case NATS_PAUSE -> pauseNats(kind);
      case BOOKING_CLOCK_FORWARD -> jumpClock(kind, deployment.booking(), "+" + CLOCK_JUMP);
      case PAYMENT_CLOCK_FORWARD -> jumpClock(kind, deployment.payment(), "+" + CLOCK_JUMP);
      case BOOKING_CLOCK_BACK -> jumpClock(kind, deployment.booking(), "-" + CLOCK_JUMP);
      case PAYMENT_CLOCK_BACK -> jumpClock(kind, deployment.payment(), "-" + CLOCK_JUMP);
      case NATS_DISK_FULL -> {
        fillDisk(kind, deployment.workDir().resolve(Deployment.NATS_DISK));
        // a stream that hit a write error takes no writes until nats-server restarts (nats-server 2.14+, by design)
        deployment.nats().restart(0);
      }
      case DB_DISK_FULL -> fillDisk(kind, deployment.workDir().resolve(Deployment.DB_DISK));
    }
  }

  private void restartService(Kind kind, ServiceProcess service, Duration down) {
    Event e = record(kind, service.name() + " pid " + service.pid());
    service.kill9();
    ServiceProcess.sleep(down.toMillis());
    service.start().awaitHealthy(Deployment.START_TIMEOUT);
    repaired(e);
  }

  private void partition(Kind kind) {
    if (partitions == null) {
      partitions = new PartitionFaults(deployment);
    }
    PartitionFaults.Cut cut = partitions.choose(kind);
    Event e = record(kind, cut.target());
    try {
      cut.apply().run();
      ServiceProcess.sleep(PartitionFaults.HOLD.toMillis());
    } finally {
      e.note = "healed after " + PartitionFaults.HOLD.toSeconds() + " s; payment stream leader then " + partitions.healAndAwait();
    }
    repaired(e);
  }

  private void pauseService(Kind kind, ServiceProcess service) {
    Event e = record(kind, service.name() + " pid " + service.pid());
    Signals.pause(service.pid(), PAUSE);
    repaired(e);
  }

  private void fillDisk(Kind kind, Path dir) {
    Event e = record(kind, dir.getFileName().toString());
    long filled = SmallDisks.fill(dir);
    e.note = (filled >> 20) + " MB written to fill it";
    ServiceProcess.sleep(DISK_FULL_HOLD.toMillis());
    SmallDisks.free(dir);
    repaired(e);
  }

  private void jumpClock(Kind kind, ServiceProcess service, String offset) {
    Event e = record(kind, service.name() + " clock " + offset);
    Path file = ClockJumps.offsetFile(deployment.workDir(), service.name());
    ClockJumps.set(file, offset);
    ServiceProcess.sleep(CLOCK_HOLD.toMillis());
    ClockJumps.set(file, "+0");
    repaired(e);
  }

  private void pauseNats(Kind kind) {
    NatsNodes nats = deployment.nats();
    NatsServer server = nats.node(node++ % nats.size());
    Event e = record(kind, server.name());
    server.freeze(PAUSE);
    repaired(e);
  }

  private void restartNats(Kind kind, Duration down) {
    NatsNodes nats = deployment.nats();
    int index = node++ % nats.size();
    Event e = record(kind, nats.node(index).name());
    nats.kill(index);
    ServiceProcess.sleep(down.toMillis());
    nats.restart(index);
    repaired(e);
  }

  private void terminateSessions() {
    Event e = record(Kind.DB_SESSIONS, "PostgreSQL");
    try {
      e.note = deployment.databases().terminateServiceSessions() + " sessions terminated";
    } catch (Exception ex) {
      e.note = "failed: " + ex.getMessage();
    }
    repaired(e);
  }

  /** Restarts the machine's PostgreSQL only when no session of another database is active (it is shared). */
  private void restartPostgres() {
    try {
      List<String> foreign = deployment.databases().foreignSessions();
      if (!foreign.isEmpty()) {
        System.out.println("  PostgreSQL restart skipped, other sessions are active (" + foreign.size() + ", e.g. " + foreign.get(0)
            + "); terminating the services' sessions instead");
        terminateSessions();
        return;
      }
      Event e = record(Kind.DB_RESTART, "PostgreSQL cluster");
      Process list = new ProcessBuilder("pg_lsclusters", "-h").redirectErrorStream(true).start();
      String[] cluster = new String(list.getInputStream().readAllBytes()).strip().split("\\s+");
      list.waitFor();
      Process p = new ProcessBuilder("pg_ctlcluster", cluster[0], cluster[1], "restart").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      int code = p.waitFor();
      e.note = "exit " + code + (out.isBlank() ? "" : ": " + out.strip());
      repaired(e);
    } catch (Exception ex) {
      problems.add("DB_RESTART: " + ex.getMessage());
    }
  }

  private Event record(Kind kind, String target) {
    Event e = new Event(kind, target, Instant.now());
    events.add(e);
    System.out.println("  fault: " + kind.description + " [" + target + "] at " + e.injectedAt);
    return e;
  }

  private static void repaired(Event e) {
    e.repairedAt = Instant.now();
    System.out.println("  repaired " + e.kind + " after " + Duration.between(e.injectedAt, e.repairedAt).toMillis() + " ms");
  }

  /** Waits until every planned fault was injected and repaired. */
  void await(Duration timeout) throws InterruptedException {
    if (thread != null) {
      thread.join(timeout.toMillis());
      if (thread.isAlive()) {
        stopped = true;
        problems.add("the fault schedule did not finish within " + timeout.toSeconds() + " s");
      }
    }
  }

  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }
}
