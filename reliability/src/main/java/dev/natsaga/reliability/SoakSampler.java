package dev.natsaga.reliability;

import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples the soak run's processes every {@link #INTERVAL} into {@code soak.csv} in the run's folder: per service the
 * heap used after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), its threads and open file handles
 * ({@code /proc/<pid>/status}, {@code /proc/<pid>/fd}); for nats-server its threads, file handles and resident memory;
 * the bytes and messages of the environment's streams (JetStream stream info) and the size of the databases (the H2
 * files, or {@code pg_database_size}). A value that cannot be read is left empty (a process being restarted).
 */
final class SoakSampler implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final String HEADER = "time,elapsed_s,bookings_posted,booking_heap_after_gc_kb,booking_threads,booking_fds,booking_http_conns,"
      + "payment_heap_after_gc_kb,payment_threads,payment_fds,payment_http_conns,nats_threads,nats_fds,nats_rss_kb,stream_bytes,stream_msgs,db_bytes";
  /**
   * G1: "garbage-first heap total 258048K, used 41234K". Serial (the runs' services): after a full collection every live
   * object is in the tenured generation; the young one holds only what was allocated since (noise), so tenured is read.
   */
  private static final Pattern HEAP_USED = Pattern.compile("(?:tenured generation|heap)\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

  /** One sample; -1 where a value could not be read. */
  record Sample(Instant time, long elapsedS, long posted, long bookingHeap, long bookingThreads, long bookingFds, long bookingHttp,
                long paymentHeap, long paymentThreads, long paymentFds, long paymentHttp, long natsThreads, long natsFds, long natsRss,
                long streamBytes, long streamMsgs, long dbBytes) {
    String csv() {
      return String.join(",", time.toString(), Long.toString(elapsedS), Long.toString(posted), v(bookingHeap), v(bookingThreads), v(bookingFds),
          v(bookingHttp), v(paymentHeap), v(paymentThreads), v(paymentFds), v(paymentHttp), v(natsThreads), v(natsFds), v(natsRss),
          v(streamBytes), v(streamMsgs), v(dbBytes));
    }

    /** File handles without the connections the run's own HTTP client keeps open to the service. */
    static long own(long fds, long http) {
      return fds < 0 || http < 0 ? -1 : fds - http;
    }

    private static String v(long x) {
      return x < 0 ? "" : Long.toString(x);
    }
  }

  private final Deployment d;
  private final BookingLoad load;
  private final Path csv;
  private final Instant start = Instant.now();
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean stopped;

  SoakSampler(Deployment d, BookingLoad load) {
    this.d = d;
    this.load = load;
    this.csv = d.workDir().resolve("soak.csv");
    this.thread = new Thread(this::loop, "soak-sampler");
    this.thread.setDaemon(true);
  }

  Path csv() {
    return csv;
  }

  SoakSampler start() {
    try {
      Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread.start();
    return this;
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  private void loop() {
    try {
      sampleUntilStopped();
    } catch (IllegalStateException e) {
      // interrupted while waiting: stopped
    }
  }

  private void sampleUntilStopped() {
    long next = System.nanoTime();
    while (!stopped) {
      Sample s = sample();
      samples.add(s);
      try {
        Files.writeString(csv, s.csv() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        System.out.println("  soak: could not write " + csv + ": " + e);
      }
      next += INTERVAL.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        ServiceProcess.sleep(wait / 1_000_000L);
      }
    }
  }

  private Sample sample() {
    long bookingPid = d.booking().pid();
    long paymentPid = d.payment().pid();
    long natsPid = natsPid().orElse(-1L);
    long[] streams = streams();
    return new Sample(Instant.now(), Duration.between(start, Instant.now()).toSeconds(), load.records().size(), heapAfterGc(bookingPid),
        procStatus(bookingPid, "Threads"), ProcFds.count(bookingPid), ProcFds.acceptedOn(bookingPid, d.booking().httpPort()),
        heapAfterGc(paymentPid), procStatus(paymentPid, "Threads"), ProcFds.count(paymentPid), ProcFds.acceptedOn(paymentPid, d.payment().httpPort()),
        procStatus(natsPid, "Threads"), ProcFds.count(natsPid), procStatus(natsPid, "VmRSS"), streams[0], streams[1], databaseBytes());
  }

  /** Heap used after a full GC, in KiB: {@code jcmd GC.run} then {@code GC.heap_info}. */
  static long heapAfterGc(long pid) {
    if (pid <= 0) {
      return -1;
    }
    jcmd(pid, "GC.run");
    Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A number from {@code /proc/<pid>/status} ({@code Threads}, {@code VmRSS} in kB). */
  static long procStatus(long pid, String field) {
    if (pid <= 0) {
      return -1;
    }
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines.filter(l -> l.startsWith(field + ":")).findFirst()
          .map(l -> Long.parseLong(l.substring(field.length() + 1).strip().split("\\s+")[0])).orElse(-1L);
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** The nats-server process: the one whose command line names this run's configuration file. */
  private Optional<Long> natsPid() {
    String config = d.nats().node(0).configFile().toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> cmdline(p).contains(config))
          .map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** Both databases: the H2 files under the run's {@code db} folder, or {@code pg_database_size} of the two. */
  private long databaseBytes() {
    Databases dbs = d.databases();
    if (dbs.postgres()) {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(Databases.PG_ADMIN_URL, Databases.PG_USER, "");
           java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT pg_database_size('" + dbs.bookingDb() + "') + pg_database_size('"
               + dbs.paymentDb() + "')")) {
        return rs.next() ? rs.getLong(1) : -1;
      } catch (java.sql.SQLException e) {
        return -1;
      }
    }
    try (Stream<Path> files = Files.walk(d.workDir().resolve("db"))) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** Bytes and messages of the environment's streams. */
  private long[] streams() {
    long bytes = 0;
    long msgs = 0;
    try {
      var jsm = d.connection().jetStreamManagement();
      String prefix = d.stream("x").substring(0, d.stream("x").length() - 1);
      for (String name : jsm.getStreamNames()) {
        if (name.startsWith(prefix)) {
          StreamInfo si = jsm.getStreamInfo(name);
          bytes += si.getStreamState().getByteCount();
          msgs += si.getStreamState().getMsgCount();
        }
      }
      return new long[] {bytes, msgs};
    } catch (Exception e) {
      return new long[] {-1, -1};
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
