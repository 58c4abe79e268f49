package dev.natsaga.reliability;

import dev.natsaga.console.cli.NatsagaCli;
import io.nats.client.Connection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hostile command lines for {@code scripts/natsaga} (the console's picocli CLI, run in this JVM through
 * {@link NatsagaCli#run}, which is what its {@code main} calls) against the run's own environment: bad subjects and
 * environments, wildcards, injection-like text, huge and negative numbers, missing values, unknown options and
 * commands. Each must end within 30 s with a non-zero exit code and a message on stderr, never a stack trace, and
 * nothing may change: the run's streams and the dead-letter count are the same before and after.
 */
final class CliFuzz {

  static final String CHECK = "natsaga CLI with hostile arguments => non-zero exit, a message, no stack trace";
  static final String UNCHANGED = "natsaga CLI with hostile arguments => no action: streams and dead letters unchanged";

  private final Report report;
  private final Connection connection;
  private final Map<String, String> settings;

  /**
   * @param settings the environment the CLI reads: the run's {@code NATS_URL}, {@code APP_ENV}, {@code SAGA_DB_URL}
   */
  CliFuzz(Report report, Connection connection, Map<String, String> settings) {
    this.report = report;
    this.connection = connection;
    this.settings = settings;
  }

  static List<List<String>> cases(String sagaId) {
    List<List<String>> c = new ArrayList<>();
    targets(c);
    sagas(c, sagaId);
    usage(c);
    return c;
  }

  /** Environments, dead-letter sequences and domains: what a command acts on. */
  private static void targets(List<List<String>> c) {
    for (String env : List.of("*", ">", "a.b", "", " ", "rel.>", "$JS", "a b", "x".repeat(5_000), "prod; rm -rf /", "$(touch /tmp/natsaga-pwned)",
        "`id`", "\u00fcber", "a\nb", "../..")) {
      c.add(List.of("--env", env, "dlq", "list"));
      c.add(List.of("--env", env, "streams", "provision", "-d", "booking"));
    }
    for (String seq : List.of("-1", "0", "abc", "1.5", "99999999999999999999", "9223372036854775808", "1e9", "0x10", "$(id)", "'; DROP TABLE x; --",
        "*", ">", "1 2", "")) {
      c.add(List.of("dlq", "show", seq));
      c.add(List.of("dlq", "replay", seq));
    }
    for (String domain : List.of("*", ">", "a.b", "", "a b", "$JS", "x".repeat(300), "bo\u00f6king", "../booking", "booking>")) {
      c.add(List.of("streams", "provision", "-d", domain));
      c.add(List.of("streams", "diff", "-d", domain));
    }
  }

  /** Saga ids, the console's address and token, and the saga list's paging and filters. */
  private static void sagas(List<List<String>> c, String sagaId) {
    for (String id : List.of("../../etc/passwd", "' OR 1=1 --", "*", "%", "not-a-uuid", "x".repeat(10_000), "", "\u0000")) {
      c.add(List.of("saga", "show", id));
      c.add(List.of("saga", "resume", id, "--console", "http://127.0.0.1:1", "--token", "t"));
    }
    c.add(List.of("saga", "abort", sagaId));
    c.add(List.of("saga", "abort", sagaId, "--reason"));
    c.add(List.of("saga", "resume", sagaId, "--console", "javascript:alert(1)", "--token", "t"));
    c.add(List.of("saga", "resume", sagaId, "--console", "file:///etc/passwd", "--token", "t"));
    c.add(List.of("saga", "resume", sagaId, "--console", "http://127.0.0.1:1", "--token", ""));
    c.add(List.of("saga", "diagram", sagaId, "--console", "not a url", "--token", "t"));
    for (String n : List.of("-1", "0", "501", "99999999999999999999", "abc", "1e3", "")) {
      c.add(List.of("saga", "list", "--limit", n));
    }
    for (String t : List.of("yesterday", "2026-13-45T99:00:00Z", "", "+1000000001-01-01T00:00:00Z", "' OR 1=1")) {
      c.add(List.of("saga", "list", "--since", t));
      c.add(List.of("dlq", "list", "--since", t));
    }
    c.add(List.of("saga", "list", "--status", "DONE; DROP TABLE saga_instance"));
    c.add(List.of("saga", "list", "--after", "not-a-cursor"));
    c.add(List.of("saga", "list", "--after", "x".repeat(5_000)));
  }

  /** Numbers out of range, bad filters, missing values, unknown commands and options, bad settings. */
  private static void usage(List<List<String>> c) {
    for (String n : List.of("-5", "abc", "99999999999999999999", "1e99", "")) {
      c.add(List.of("consumers", "lag", "--max-lag", n));
    }
    for (String r : List.of("*", ">", "' OR 1=1", "", "no-such-reason")) {
      c.add(List.of("dlq", "replay", "--all", "--reason", r));
      c.add(List.of("dlq", "purge", "--yes", "--reason", r));
    }
    c.add(List.of("dlq", "purge"));
    c.add(List.of("dlq", "purge", "--type", "payment.transaction.authorize.v1"));
    c.add(List.of("dlq", "replay"));
    c.add(List.of("dlq", "replay", "1", "--all"));
    c.add(List.of("--nats-url", "nats://127.0.0.1:1", "dlq", "list"));
    c.add(List.of("--nats-url", "not a url", "streams", "list"));
    c.add(List.of("--nats-url", "file:///etc/passwd", "streams", "list"));
    c.add(List.of("--nats-url"));
    c.add(List.of("--env"));
    c.add(List.of("--db-url", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '/etc/passwd'", "saga", "list"));
    c.add(List.of("--db-url", "jdbc:nosuch:x", "saga", "list"));
    c.add(List.of("schema", "validate", "/etc/passwd", "/etc/passwd"));
    c.add(List.of("schema", "validate", "/no/such/file.json", "/no/such/data.json"));
    c.add(List.of("schema", "check", "../../../../etc/passwd", "x"));
    c.add(List.of("no-such-command"));
    c.add(List.of("dlq", "--no-such-option"));
    c.add(List.of("dlq", "list", "--reason"));
    c.add(List.of("-" + "x".repeat(10_000)));
  }

  void run(String sagaId) throws Exception {
    Report.Check k = report.check(CHECK);
    Map<Integer, Integer> exits = new TreeMap<>();
    List<String> streamsBefore = streams();
    long dlqBefore = dlqCount();
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "cli-fuzz"));
    try {
      for (List<String> args : cases(sagaId)) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> f = pool.submit(() -> NatsagaCli.run(settings, new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new)));
        int code;
        try {
          code = f.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          code = Integer.MIN_VALUE;
        } catch (java.util.concurrent.ExecutionException e) {
          code = Integer.MAX_VALUE;
          err.write("threw " + e.getCause());
        }
        exits.merge(code, 1, Integer::sum);
        String text = out + "\n" + err;
        boolean trace = text.contains("\tat ") || text.contains("Exception in thread") || text.matches("(?s).*\\n\\s+at [a-z]+\\.[a-z].*");
        boolean message = !err.toString().isBlank() || (code == 1 && !out.toString().isBlank());   // exit 1: the check's report
        k.verify(code >= 1 && code <= 5 && message && !trace,
            "natsaga " + ConsoleFuzz.shorten(String.join(" ", args)) + " -> exit " + (code == Integer.MIN_VALUE ? "none (hung 30 s)" : code)
                + (trace ? ", with a stack trace" : "") + ": " + ConsoleFuzz.shorten(err.toString().strip()));
      }
    } finally {
      pool.shutdownNow();
    }
    Report.Check u = report.check(UNCHANGED);
    List<String> streamsAfter = streams();
    u.verify(streamsAfter.equals(streamsBefore), "streams before " + streamsBefore + ", after " + streamsAfter);
    long dlqAfter = dlqCount();
    u.verify(dlqAfter == dlqBefore, "dead letters before " + dlqBefore + ", after " + dlqAfter);
    report.figure("natsaga CLI: exit codes (code: count)", exits);
  }

  private List<String> streams() throws Exception {
    return connection.jetStreamManagement().getStreamNames().stream().sorted().toList();
  }

  private long dlqCount() {
    try {
      return connection.jetStreamManagement().getStreamInfo(settings.get("APP_ENV").toUpperCase(java.util.Locale.ROOT) + "_DLQ")
          .getStreamState().getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }
}
