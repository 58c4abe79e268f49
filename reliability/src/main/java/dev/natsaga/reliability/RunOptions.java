package dev.natsaga.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one run, from the command line ({@code faults|fuzz [--quick] [--cluster] [--postgres] ...}).
 * Every value has a quick and a full default; explicit options win. Immutable; {@link #describe()} lists every value,
 * and each run prints it first.
 *
 * <pre>{@code
 * RunOptions o = RunOptions.parse("faults", "--quick", "--cluster");
 * o.bookings();   // 160
 * }</pre>
 *
 * @param mode            faults or fuzz
 * @param quick           the short CI version
 * @param cluster         a 3-node nats-server cluster instead of one server
 * @param postgres        the services on PostgreSQL databases (created for the run) instead of H2 files
 * @param pgRestart       with postgres: also restart the PostgreSQL server itself, if no other session uses it
 * @param pauses          faults: pause processes (SIGSTOP, then SIGCONT) instead of killing them: the booking and payment
 *                        services and a nats-server node, each for {@link Faults#PAUSE}, past the consumers' ack wait
 *                        ({@link Deployment#PAUSE_ACK_WAIT} in this run) and the payment steps' 10 s deadline
 * @param clockJumps      faults: jump the services' wall clocks forward and back (libfaketime) instead of killing them
 * @param fullDisks       faults: fill the small file systems of the nats-server store and of the H2 databases, then free them
 * @param partitions      faults: the cluster's nodes in network namespaces; isolate the stream leader, a follower, and split
 *                        the services from the majority, each healed ({@link PartitionFaults}); implies {@code cluster}
 * @param bookingInstances booking service processes sharing one database (more than one needs PostgreSQL)
 * @param paymentInstances payment service processes sharing one database (more than one needs PostgreSQL)
 * @param bookings        bookings the fault run drives (the fuzz run: valid bookings interleaved with the hostile messages)
 * @param rate            bookings per second
 * @param hostile         hostile messages the fuzz run sends
 * @param hostileRate     hostile messages per second
 * @param env             APP_ENV of the services
 * @param declineAbove    PAYMENT_DECLINE_ABOVE of the payment service
 * @param settleBound     how long a booking may take from POST to CONFIRMED/CANCELLED
 * @param seed            random seed of the booking mix and the hostile messages
 * @param workDir         where servers, services and databases keep their files (null: a new folder under target/ or /tmp)
 * @param keep            keep the work folder after a passing run (a failing run always keeps it)
 * @param knownDefects    fuzz: also send the hostile messages of known, reported defects that stall a service (see README)
 * @param bookingJar      the booking service's runnable jar (null: found next to this module)
 * @param paymentJar      the payment service's runnable jar (null: found next to this module)
 */
public record RunOptions(Mode mode, boolean quick, boolean cluster, boolean postgres, boolean pgRestart, boolean pauses,
                         boolean clockJumps, boolean fullDisks, boolean partitions, int bookingInstances, int paymentInstances,
                         int bookings, double rate,
                         int hostile, double hostileRate, String env, long declineAbove, Duration settleBound, long seed, Path workDir,
                         boolean keep, boolean knownDefects, Path bookingJar, Path paymentJar) {

  /** Which run. */
  public enum Mode { FAULTS, FUZZ, SOAK }

  static final String USAGE = String.join("\n",
      "usage: reliability/run.sh faults|fuzz|soak [--minutes N] [--quick] [--cluster] [--postgres [--pg-restart]] [--pauses | --clock-jumps | --full-disks]",
      "         [--partitions] [--instances BOOKING,PAYMENT]",
      "         [--bookings N] [--rate PER_SECOND] [--hostile N] [--hostile-rate PER_SECOND] [--seed N]",
      "         [--env NAME] [--decline-above MINOR_UNITS] [--settle-seconds S] [--work-dir DIR] [--keep] [--known-defects]",
      "         [--booking-jar FILE] [--payment-jar FILE]");

  /** Parses the command line; an unknown or malformed argument is an {@link IllegalArgumentException} naming it. */
  public static RunOptions parse(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("missing the run: faults or fuzz\n" + USAGE);
    }
    Mode mode = switch (args[0].toLowerCase(Locale.ROOT)) {
      case "faults", "fault" -> Mode.FAULTS;
      case "fuzz" -> Mode.FUZZ;
      case "soak" -> Mode.SOAK;
      default -> throw new IllegalArgumentException("unknown run '" + args[0] + "': faults, fuzz or soak\n" + USAGE);
    };
    Builder b = builder(mode, List.of(args).contains("--quick"));
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (Builder.FLAGS.contains(a)) {
        b.flag(a);
      } else if (Builder.VALUED.contains(a)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
        }
        b.option(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    return b.build();
  }

  /** Defaults of a quick or full run of {@code mode}. */
  public static Builder builder(Mode mode, boolean quick) {
    Builder b = new Builder();
    b.mode = mode;
    b.quick = quick;
    if (mode == Mode.FAULTS) {
      b.bookings = quick ? 160 : 2400;
      b.rate = quick ? 4 : 6;
    } else if (mode == Mode.SOAK) {
      b.rate = SoakRun.RATE;
      b.minutes = quick ? 4 : 30;
    } else {
      b.bookings = quick ? 60 : 400;
      b.rate = quick ? 2 : 3;
    }
    b.hostile = quick ? 1500 : 6000;
    b.hostileRate = quick ? 120 : 100;
    return b;
  }

  /** Every value, for the run's first lines. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", mode.name().toLowerCase(Locale.ROOT) + (quick ? " (quick)" : " (full)"));
    m.put("nats", partitions ? "3-node cluster (nats-config/cluster/node-N.conf), each node in its own network namespace, streams R3"
        : cluster ? "3-node cluster (nats-config/cluster/node-N.conf, routes on free ports), streams R3" : "single server (nats-config/dev.conf)");
    m.put("databases", postgres ? "PostgreSQL 127.0.0.1:5432, one database per service created for the run"
        + (pgRestart ? " (server restart allowed when no other session is active)" : "") : "H2 files");
    if (fullDisks) {
      m.put("faults", "full disks: the nats-server store and the H2 databases on tmpfs file systems of " + SmallDisks.SIZE_MB
          + " and " + (quick ? SmallDisks.SIZE_MB : SmallDisks.FULL_RUN_DB_SIZE_MB) + " MB, each filled for " + Faults.DISK_FULL_HOLD.toSeconds() + " s, then freed");
    }
    if (clockJumps) {
      m.put("faults", "wall-clock jumps of the services (libfaketime): " + Faults.CLOCK_JUMP + " forward and back, "
          + Faults.CLOCK_JUMP + " back and forward, each held " + Faults.CLOCK_HOLD.toSeconds() + " s");
    }
    if (pauses) {
      m.put("faults", "pauses (SIGSTOP/SIGCONT) of " + Faults.PAUSE.toSeconds() + " s, consumers' ack wait "
          + Deployment.PAUSE_ACK_WAIT.toSeconds() + " s");
    }
    if (partitions) {
      m.put("faults", "partitions of the cluster (network namespaces " + PartitionFaults.describePlan() + "), each held "
          + PartitionFaults.HOLD.toSeconds() + " s, then healed" + (bookingInstances + paymentInstances > 2 ? "; and kill -9 of service instances" : ""));
    }
    m.put("instances", bookingInstances + " booking, " + paymentInstances + " payment");
    if (mode == Mode.SOAK) {
      m.put("soak", (long) Math.ceil(bookings / rate / 60) + " minutes of bookings, " + SoakRun.describeFaults() + "; samples every "
          + SoakSampler.INTERVAL.toSeconds() + " s");
    }
    m.put("bookings", bookings);
    m.put("booking rate", rate + "/s");
    if (mode == Mode.FUZZ) {
      m.put("hostile messages", hostile);
      m.put("hostile rate", hostileRate + "/s");
      m.put("known-defect messages", knownDefects ? "included (" + HostileMessages.KNOWN_DEFECT_CATEGORY + ")"
          : "excluded: " + HostileMessages.KNOWN_DEFECT_CATEGORY + " stalls a service (jnats reader dies), see reliability/README.md; --known-defects sends them");
    }
    m.put("APP_ENV", env);
    m.put("PAYMENT_DECLINE_ABOVE", declineAbove);
    m.put("settle bound", settleBound.toSeconds() + " s from POST to CONFIRMED/CANCELLED");
    m.put("seed", seed);
    return m;
  }

  /** Builder with documented defaults: env {@code rel}, decline above 100000, settle bound 150 s, seed 42. */
  public static final class Builder {
    static final Set<String> FLAGS = Set.of("--quick", "--cluster", "--postgres", "--pg-restart", "--pauses", "--clock-jumps", "--full-disks",
        "--partitions", "--keep",
        "--known-defects");
    static final Set<String> VALUED = Set.of("--bookings", "--rate", "--hostile", "--hostile-rate", "--seed", "--env",
        "--decline-above", "--settle-seconds", "--work-dir", "--booking-jar", "--payment-jar",
        "--instances", "--minutes");
    private Mode mode;
    private boolean quick;
    private boolean cluster;
    private boolean postgres;
    private boolean pgRestart;
    private boolean pauses;
    private boolean clockJumps;
    private boolean fullDisks;
    private boolean partitions;
    private int bookingInstances = 1;
    private int paymentInstances = 1;
    private boolean bookingsSet;
    private int bookings;
    private double rate;
    private int hostile;
    private double hostileRate;
    private String env = "rel";
    private long declineAbove = 100_000;
    private Duration settleBound = Duration.ofSeconds(150);
    private long seed = 42;
    private Path workDir;
    private boolean keep;
    private boolean knownDefects;
    private Path bookingJar;
    private Path paymentJar;
    private double minutes;

    /** Turns on a flag, spelled as on the command line ({@code --cluster}); {@code --quick} is given to the builder. */
    public Builder flag(String option) {
      switch (option) {
        case "--quick" -> { }
        case "--cluster" -> cluster = true;
        case "--postgres" -> postgres = true;
        case "--pg-restart" -> pgRestart = true;
        case "--pauses" -> pauses = true;
        case "--clock-jumps" -> clockJumps = true;
        case "--full-disks" -> fullDisks = true;
        case "--partitions" -> partitions = true;
        case "--keep" -> keep = true;
        case "--known-defects" -> knownDefects = true;
        default -> throw new IllegalArgumentException("unknown flag '" + option + "'");
      }
      return this;
    }

    /** Sets an option with a value, spelled as on the command line ({@code --bookings}, {@code "40"}). */
    public Builder option(String option, String value) {
      try {
        switch (option) {
          case "--bookings" -> {
            bookings = Integer.parseInt(value);
            bookingsSet = true;
          }
          case "--instances" -> instances(value);
          case "--rate" -> rate = Double.parseDouble(value);
          case "--hostile" -> hostile = Integer.parseInt(value);
          case "--hostile-rate" -> hostileRate = Double.parseDouble(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--env" -> env = value;
          case "--decline-above" -> declineAbove = Long.parseLong(value);
          case "--settle-seconds" -> settleBound = Duration.ofSeconds(Long.parseLong(value));
          case "--work-dir" -> workDir = Path.of(value);
          case "--booking-jar" -> bookingJar = Path.of(value);
          case "--payment-jar" -> paymentJar = Path.of(value);
          case "--minutes" -> minutes = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option '" + option + "'");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
      }
      return this;
    }

    private void instances(String value) {
      String[] parts = value.split(",");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--instances needs BOOKING,PAYMENT (e.g. 3,2), got '" + value + "'");
      }
      bookingInstances = Integer.parseInt(parts[0].strip());
      paymentInstances = Integer.parseInt(parts[1].strip());
    }

    public RunOptions build() {
      if (partitions) {
        cluster = true;
        if (quick && !bookingsSet && mode == Mode.FAULTS) {
          bookings = PartitionFaults.QUICK_BOOKINGS;   // long enough for three held partitions to overlap the load
        }
      }
      if (bookingInstances < 1 || bookingInstances > 5 || paymentInstances < 1 || paymentInstances > 5) {
        throw new IllegalArgumentException("--instances takes 1-5 booking and 1-5 payment instances, e.g. 3,2");
      }
      if (bookingInstances + paymentInstances > 2 && !postgres) {
        throw new IllegalArgumentException("--instances " + bookingInstances + "," + paymentInstances
            + " needs --postgres: several processes share each service's database, and an H2 file allows one");
      }
      if (minutes != 0 && mode != Mode.SOAK) {
        throw new IllegalArgumentException("--minutes is an option of the soak run: reliability/run.sh soak --minutes 30");
      }
      if (mode == Mode.SOAK) {
        if (minutes < 1 || minutes > 24 * 60) {
          throw new IllegalArgumentException("--minutes must be between 1 and 1440, got " + minutes);
        }
        bookings = (int) Math.round(rate * 60 * minutes);     // the soak's length is its bookings at its rate
      }
      if (bookings < 1) {
        throw new IllegalArgumentException("--bookings must be at least 1");
      }
      if (rate <= 0 || rate > 200) {
        throw new IllegalArgumentException("--rate must be above 0 and at most 200 bookings per second");
      }
      if (hostile < 0 || hostileRate <= 0) {
        throw new IllegalArgumentException("--hostile must be 0 or more and --hostile-rate above 0");
      }
      if (!env.matches("[a-z0-9][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("--env '" + env + "' is not a valid APP_ENV (lower case letters, digits, hyphens)");
      }
      int kinds = (pauses ? 1 : 0) + (clockJumps ? 1 : 0) + (fullDisks ? 1 : 0) + (partitions ? 1 : 0);
      if (kinds > 0 && mode != Mode.FAULTS) {
        throw new IllegalArgumentException("--pauses, --clock-jumps, --full-disks and --partitions are options of a fault run: reliability/run.sh faults --pauses");
      }
      if (kinds > 1) {
        throw new IllegalArgumentException("--pauses, --clock-jumps, --full-disks and --partitions are separate runs: give one of them");
      }
      if (fullDisks && (postgres || cluster)) {
        throw new IllegalArgumentException("--full-disks runs on one nats-server and H2 (the databases' files go on the small disk)");
      }
      if (pgRestart && !postgres) {
        throw new IllegalArgumentException("--pg-restart needs --postgres");
      }
      return new RunOptions(mode, quick, cluster, postgres, pgRestart, pauses, clockJumps, fullDisks, partitions,
          bookingInstances, paymentInstances, bookings, rate, hostile, hostileRate, env, declineAbove,
          settleBound, seed, workDir, keep, knownDefects, bookingJar, paymentJar);
    }
  }
}
