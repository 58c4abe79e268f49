package dev.natsaga.console.cli;

import dev.natsaga.console.internal.StreamStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code natsaga consumers lag}. */
@Command(name = "consumers", description = "The environment's durable consumers.", subcommands = ConsumersCommand.Lag.class)
final class ConsumersCommand extends Group {

  @Command(name = "lag", description = "Each consumer's pending (lag), ack pending and redelivered messages; with"
      + " --max-lag, exit 1 when one lags more.",
      footerHeading = "%nExamples:%n", footer = {"  natsaga consumers lag", "  natsaga --env prod consumers lag --max-lag 1000 --json"})
  static final class Lag extends CliCommand {
    @Option(names = "--max-lag", paramLabel = "N", description = "fail (exit 1) when a consumer has more than N pending")
    Long maxLag;

    @Override
    int execute() throws Exception {
      if (maxLag != null && maxLag < 0) {
        throw new CliFailure(ExitCodes.USAGE, "--max-lag " + maxLag + " is negative; give the most pending messages a consumer may have, 0 or more");
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (StreamStats.Stream s : StreamStats.of(natsaga().connection().jetStreamManagement(),
          StreamStats.prefix(natsaga().options().environment()))) {
        for (StreamStats.Consumer c : s.consumers()) {
          rows.add(Map.of("stream", s.name(), "consumer", c.name(), "pending", c.pending(), "ackPending", c.ackPending(),
              "redelivered", c.redelivered()));
        }
      }
      if (json()) {
        printJson(rows);
      } else {
        table(List.of("STREAM", "CONSUMER", "PENDING", "ACK_PENDING", "REDELIVERED"), rows.stream().map(r -> List.of(
            r.get("stream"), r.get("consumer"), r.get("pending"), r.get("ackPending"), r.get("redelivered"))).toList());
      }
      boolean lagging = maxLag != null && rows.stream().anyMatch(r -> (Long) r.get("pending") > maxLag);
      return lagging ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
  }
}
