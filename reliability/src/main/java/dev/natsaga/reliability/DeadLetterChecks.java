package dev.natsaga.reliability;

import dev.natsaga.framework.dlq.DeadLetterReason;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Matches the fuzz run's hostile messages with the dead-letter stream by original stream and sequence
 * ({@code Natsaga-Dlq-Original-Stream} / {@code -Original-Sequence}): every stored hostile message must be there, from
 * its consumer, with a reason and an error, its payload and headers unchanged; a message over {@code max_payload}
 * must have been refused; and nothing else may be there.
 */
final class DeadLetterChecks {

  static final String DEAD_LETTERED = "every hostile message stored by JetStream is dead-lettered by its consumer with a reason";
  static final String COPY = "a dead letter keeps the original payload and headers (or is cut to fit and marked), and names subject, stream and sequence";
  static final String OVER_LIMIT = "a message over max_payload (1 MiB) is refused at publish";
  static final String NOTHING_ELSE = "DLQ holds nothing but deliberate poison";

  /** Every reason the framework writes (one owner: {@link DeadLetterReason}), e.g. schema-violation from the samples' schemas. */
  private static final Set<String> REASONS = Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::header)
      .collect(Collectors.toUnmodifiableSet());

  /** Categories malformed at the envelope: their messages should fail decoding (invalid-cloudevent or invalid-type). */
  private static final Set<String> ENVELOPE = Set.of("wrong-specversion", "missing-attribute", "wrong-typed-attribute",
      "binary-bad-percent-encoding", "binary-missing-attribute", "binary-wrong-specversion", "binary-invalid-attribute",
      "unsupported-content-type", "json-not-cloudevent", "truncated-json", "invalid-json", "empty-payload", "no-headers");

  private final Report report;

  DeadLetterChecks(Report report) {
    this.report = report;
  }

  static Map<String, List<Streams.Stored>> byPosition(List<Streams.Stored> dlq) {
    Map<String, List<Streams.Stored>> m = new HashMap<>();
    for (Streams.Stored s : dlq) {
      m.computeIfAbsent(s.header("Natsaga-Dlq-Original-Stream") + ":" + s.header("Natsaga-Dlq-Original-Sequence"), k -> new ArrayList<>()).add(s);
    }
    return m;
  }

  void check(List<Hostile> sent, List<Streams.Stored> dlq) {
    Map<String, List<Streams.Stored>> byPos = byPosition(dlq);
    Set<String> matched = new HashSet<>();
    Report.Check dead = report.check(DEAD_LETTERED);
    Report.Check copy = report.check(COPY);
    Report.Check overLimit = report.check(OVER_LIMIT);
    Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    List<Long> delays = new ArrayList<>();
    List<String> truncated = new ArrayList<>();
    Map<String, Integer> lenient = new TreeMap<>();
    for (Hostile h : sent) {
      String outcome;
      if (h.size() > HostileMessages.MAX_PAYLOAD) {
        overLimit.verify(h.refused != null, h + " was stored");
      }
      if (h.refused != null) {
        outcome = "refused: " + refusal(h.refused);
      } else if (h.duplicate) {
        outcome = "dropped as duplicate by the stream";
      } else {
        String pos = h.stream + ":" + h.seq;
        List<Streams.Stored> entries = byPos.getOrDefault(pos, List.of());
        matched.add(pos);
        Streams.Stored d = entries.isEmpty() ? null : entries.get(0);
        String reason = d == null ? null : d.header("Natsaga-Dlq-Reason");
        String error = d == null ? null : d.header("Natsaga-Dlq-Error");
        dead.verify(d != null && entries.size() == 1 && h.target.consumer().equals(d.header("Natsaga-Dlq-Consumer"))
                && reason != null && REASONS.contains(reason) && error != null && !error.isBlank(),
            h + (d == null ? ": not in the DLQ" : ": " + entries.size() + " dead letter(s), consumer " + d.header("Natsaga-Dlq-Consumer")
                + ", reason " + reason + ", error " + error));
        if (d != null && d.header("Natsaga-Dlq-Truncated") != null) {
          truncated.add(h.category + "/" + h.variant + ": " + d.header("Natsaga-Dlq-Truncated"));
          copy.verify(h.target.subject().equals(d.header("Natsaga-Dlq-Original-Subject")) && d.data().length <= h.size(),
              h + ": cut dead letter " + d.seq() + " names " + d.header("Natsaga-Dlq-Original-Subject"));
          delays.add(delay(h, d));
        } else if (d != null) {
          copy.verify(Arrays.equals(Hostile.sha256(d.data()), h.digest()) && headersKept(h, d.headers())
                  && h.target.subject().equals(d.header("Natsaga-Dlq-Original-Subject")),
              h + ": dead letter " + d.seq() + " payload " + (Arrays.equals(Hostile.sha256(d.data()), h.digest()) ? "same" : "CHANGED")
                  + ", headers " + (headersKept(h, d.headers()) ? "kept" : "CHANGED") + ", original subject " + d.header("Natsaga-Dlq-Original-Subject"));
          delays.add(delay(h, d));
        }
        outcome = d == null ? "not dead-lettered" : reason;
      }
      outcomes.computeIfAbsent(h.category, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
      if (ENVELOPE.contains(h.category) && (outcome.equals("non-retryable") || outcome.equals("payload-binding"))) {
        lenient.merge(h.category + "/" + h.variant, 1, Integer::sum);
      }
    }
    Report.Check nothingElse = report.check(NOTHING_ELSE);
    for (Streams.Stored d : dlq) {
      String pos = d.header("Natsaga-Dlq-Original-Stream") + ":" + d.header("Natsaga-Dlq-Original-Sequence");
      nothingElse.verify(matched.contains(pos), "dead letter " + d.seq() + " of " + d.header("Natsaga-Dlq-Original-Subject")
          + " (" + pos + ") matches no hostile message: " + d.header("Natsaga-Dlq-Reason") + " - " + d.header("Natsaga-Dlq-Error"));
    }
    long stored = sent.stream().filter(Hostile::acked).filter(h -> !h.duplicate).count();
    report.figure("hostile messages sent", sent.size() + " (" + stored + " stored by JetStream, "
        + sent.stream().filter(h -> h.refused != null).count() + " refused at publish)");
    report.figure("dead letters", dlq.size() + (truncated.isEmpty() ? "" : " (" + truncated.size() + " cut to fit, marked Natsaga-Dlq-Truncated)"));
    report.figure("outcome by category", format(outcomes));
    if (!lenient.isEmpty()) {
      report.figure("malformed envelopes the decoder accepted (dead-lettered later, as they carry no saga attributes)", lenient);
    }
    delays.sort(Long::compare);
    if (!delays.isEmpty()) {
      report.figure("time from publish to dead letter (ms): median / max", delays.get(delays.size() / 2) + " / " + delays.get(delays.size() - 1));
    }
  }

  private static long delay(Hostile h, Streams.Stored d) {
    try {
      return Math.max(0, Duration.between(h.publishedAt, Instant.parse(d.header("Natsaga-Dlq-Time"))).toMillis());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Every header the run sent (but Nats-Msg-Id, saved as -Original-Msg-Id) is in the dead letter with the same values. */
  private static boolean headersKept(Hostile h, Headers dead) {
    if (h.headers == null) {
      return true;
    }
    for (String key : h.headers.keySet()) {
      if (key.equals("Nats-Msg-Id")) {
        if (!h.headers.getFirst(key).equals(dead.getFirst("Natsaga-Dlq-Original-Msg-Id"))) {
          return false;
        }
        continue;
      }
      if (!h.headers.get(key).equals(dead.get(key))) {
        return false;
      }
    }
    return true;
  }

  private static String refusal(String error) {
    String e = error.replaceAll("[0-9]+", "N");
    return e.length() > 90 ? e.substring(0, 90) : e;
  }

  private static String format(Map<String, Map<String, Integer>> outcomes) {
    StringBuilder sb = new StringBuilder();
    outcomes.forEach((cat, m) -> sb.append("\n    ").append(cat).append(": ").append(m));
    return sb.toString();
  }
}
