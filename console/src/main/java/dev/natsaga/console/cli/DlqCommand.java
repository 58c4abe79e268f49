package dev.natsaga.console.cli;

import dev.natsaga.console.internal.DeadLetterFilter;
import dev.natsaga.console.internal.JsonText;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterHeaders;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.dlq.DeadLetters;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code natsaga dlq list|show|replay|purge}. */
@Command(name = "dlq", description = "Dead letters of the environment.",
    subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class, DlqCommand.Purge.class})
final class DlqCommand extends Group {

  /** How many dead letters the commands scan, from the oldest. */
  static final int SCAN = 10_000;

  /** The filter options shared by list, replay and purge. */
  abstract static class Filtered extends CliCommand {
    @Option(names = "--reason", paramLabel = "REASON", description = "invalid-cloudevent, invalid-type, unknown-type,"
        + " payload-binding, non-retryable or max-deliveries")
    String reason;
    @Option(names = "--consumer", paramLabel = "TEXT", description = "consumer name contains TEXT")
    String consumer;
    @Option(names = "--type", paramLabel = "TYPE", description = "event type, e.g. booking.appointment.confirmed.v1")
    String type;
    @Option(names = "--since", paramLabel = "TIME", description = "dead-lettered at or after, e.g. 2026-12-01T10:00:00Z")
    Instant since;

    DeadLetterFilter filter() {
      if (reason != null) {
        try {
          DeadLetterReason.fromHeader(reason);
        } catch (IllegalArgumentException e) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reason '" + reason
              + "' is not one of invalid-cloudevent, invalid-type, unknown-type, payload-binding, non-retryable, max-deliveries");
        }
      }
      return new DeadLetterFilter(reason, consumer, type, since, null);
    }

    List<DeadLetter> matching() throws Exception {
      DeadLetterFilter f = filter();
      return natsaga().deadLetters().list(0, SCAN).stream().filter(f::matches).toList();
    }

    static Map<String, Object> row(DeadLetter d) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("sequence", d.sequence());
      r.put("time", d.time().toString());
      r.put("reason", d.reason().header());
      r.put("type", DeadLetterFilter.typeOf(d));
      r.put("consumer", d.consumer());
      r.put("deliveries", d.deliveryCount());
      r.put("originalSubject", d.originalSubject());
      r.put("error", d.error());
      return r;
    }
  }

  @Command(name = "list", description = "Dead letters with reason, type, consumer and time (the oldest " + SCAN + " scanned).",
      footerHeading = "%nExamples:%n", footer = {"  natsaga dlq list", "  natsaga dlq list --reason max-deliveries --json"})
  static final class ListLetters extends Filtered {
    @Override
    int execute() throws Exception {
      List<Map<String, Object>> rows = matching().stream().map(Filtered::row).toList();
      if (json()) {
        printJson(rows);
      } else {
        table(List.of("SEQ", "TIME", "REASON", "TYPE", "CONSUMER", "DELIVERIES", "ERROR"), rows.stream().map(r -> List.of(
            r.get("sequence"), r.get("time"), r.get("reason"), r.get("type"), r.get("consumer"), r.get("deliveries"),
            r.get("error"))).toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "One dead letter: why, its headers and its payload (pretty, sensitive fields masked).",
      footerHeading = "%nExample:%n", footer = "  natsaga dlq show 42")
  static final class Show extends CliCommand {
    @Parameters(paramLabel = "SEQ", description = "its sequence in the dead-letter stream")
    long sequence;

    @Override
    int execute() throws Exception {
      DeadLetter d = find(natsaga().deadLetters(), sequence);
      Map<String, Object> r = Filtered.row(d);
      Map<String, Object> headers = new LinkedHashMap<>();
      d.headers().entrySet().forEach(h -> headers.put(h.getKey(), String.join(", ", h.getValue())));
      String payload = JsonText.pretty(d.payload(), dev.natsaga.console.Console.DEFAULT_MASKED_FIELDS);
      if (json()) {
        r.put("headers", headers);
        r.put("payload", payload);
        printJson(r);
      } else {
        r.forEach((k, v) -> out().println(k + ": " + v));
        out().println("headers:");
        headers.forEach((k, v) -> out().println("  " + k + ": " + v));
        out().println("payload:");
        out().println(payload);
      }
      return ExitCodes.OK;
    }
  }

  static DeadLetter find(DeadLetters dlq, long sequence) throws Exception {
    return dlq.list(sequence, 1).stream().filter(d -> d.sequence() == sequence).findFirst()
        .orElseThrow(() -> new CliFailure(ExitCodes.NOT_FOUND, "no dead letter " + sequence + " (replayed or purged?)"));
  }

  @Command(name = "replay", description = "Replays dead letters to their original subject and removes them from the"
      + " dead-letter stream: one by sequence, or every one matching the filter with --all.",
      footerHeading = "%nExamples:%n", footer = {"  natsaga dlq replay 42", "  natsaga dlq replay --all --reason max-deliveries"})
  static final class Replay extends Filtered {
    @Parameters(paramLabel = "SEQ", arity = "0..1", description = "the dead letter's sequence")
    Long sequence;
    @Option(names = "--all", description = "replay every dead letter the filter matches")
    boolean all;

    @Override
    int execute() throws Exception {
      if ((sequence == null) == !all) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a sequence or --all (with filters), not both");
      }
      DeadLetters dlq = natsaga().deadLetters();
      List<DeadLetter> targets = sequence != null ? List.of(find(dlq, sequence)) : matching();
      int replayed = 0;
      for (DeadLetter d : targets) {
        if (d.headers().getFirst(DeadLetterHeaders.TRUNCATED) != null) {
          if (sequence != null) {
            throw new CliFailure(ExitCodes.REFUSED, "dead letter " + sequence + " was cut to fit; replay the original from "
                + d.originalStream() + " sequence " + d.originalSequence());
          }
          continue;
        }
        dlq.replay(d.sequence(), true);
        replayed++;
      }
      report("replayed", replayed);
      return ExitCodes.OK;
    }

    private void report(String what, int n) {
      if (json()) {
        printJson(Map.of(what, n));
      } else {
        out().println(what + " " + n + " dead letter" + (n == 1 ? "" : "s"));
      }
    }
  }

  @Command(name = "purge", description = "Deletes the dead letters matching the filter (all of them without one);"
      + " needs --yes.", footerHeading = "%nExamples:%n",
      footer = {"  natsaga dlq purge --reason invalid-cloudevent --yes", "  natsaga dlq purge --yes"})
  static final class Purge extends Filtered {
    @Option(names = "--yes", description = "really delete")
    boolean yes;

    @Override
    int execute() throws Exception {
      if (!yes) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "purge deletes dead letters for good: add --yes");
      }
      var jsm = natsaga().connection().jetStreamManagement();
      String stream = natsaga().options().environment().dlqStreamName();
      int purged = 0;
      for (DeadLetter d : matching()) {
        jsm.deleteMessage(stream, d.sequence());
        purged++;
      }
      if (json()) {
        printJson(Map.of("purged", purged));
      } else {
        out().println("purged " + purged + " dead letter" + (purged == 1 ? "" : "s"));
      }
      return ExitCodes.OK;
    }
  }
}
