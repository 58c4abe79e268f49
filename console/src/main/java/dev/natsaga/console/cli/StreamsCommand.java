package dev.natsaga.console.cli;

import dev.natsaga.console.internal.StreamStats;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.stream.StreamConflictException;
import dev.natsaga.framework.stream.StreamProvisioner;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code natsaga streams list|provision|diff}. */
@Command(name = "streams", description = "The environment's streams: list them, provision them, compare them with the settings.",
    subcommands = {StreamsCommand.ListStreams.class, StreamsCommand.Provision.class, StreamsCommand.Diff.class})
final class StreamsCommand extends Group {

  @Command(name = "list", description = "Streams of the environment with messages, bytes and sequences.",
      footerHeading = "%nExample:%n", footer = "  natsaga --env prod streams list --json")
  static final class ListStreams extends CliCommand {
    @Override
    int execute() throws Exception {
      List<StreamStats.Stream> streams = StreamStats.of(natsaga().connection().jetStreamManagement(),
          StreamStats.prefix(natsaga().options().environment()));
      if (json()) {
        printJson(streams);
      } else {
        table(List.of("STREAM", "MESSAGES", "BYTES", "FIRST", "LAST", "CONSUMERS", "SUBJECTS"), streams.stream()
            .map(s -> List.<Object>of(s.name(), s.messages(), s.bytes(), s.firstSeq(), s.lastSeq(), s.consumers().size(),
                String.join(" ", s.subjects()))).toList());
      }
      return ExitCodes.OK;
    }
  }

  /** Options naming the domains to work on. */
  abstract static class DomainCommand extends CliCommand {
    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN", description = "a domain, e.g. booking (repeatable)")
    List<String> domains = new ArrayList<>();

    /** The wanted configuration of each named domain's stream and of the dead-letter stream. */
    Map<String, StreamConfiguration> wanted(Set<String> domains) throws Exception {
      StreamProvisioner provisioner = natsaga().streamProvisioner();
      Map<String, StreamConfiguration> out = new LinkedHashMap<>();
      for (String d : domains) {
        StreamConfiguration c = provisioner.domainStream(d);
        out.put(c.getName(), c);
      }
      StreamConfiguration dlq = provisioner.deadLetterStream();
      out.put(dlq.getName(), dlq);
      return out;
    }
  }

  @Command(name = "provision", description = "Creates the streams of the named domains and the dead-letter stream as the"
      + " settings say (NATS_STREAM_*); an existing stream that differs is reported, never changed (exit 4).",
      footerHeading = "%nExample:%n", footer = "  natsaga --env prod streams provision -d booking -d payment")
  static final class Provision extends DomainCommand {
    @Override
    int execute() throws Exception {
      StreamProvisioner provisioner = natsaga().streamProvisioner();
      List<Map<String, Object>> results = new ArrayList<>();
      int code = ExitCodes.OK;
      for (StreamConfiguration c : wanted(new LinkedHashSet<>(domains)).values()) {
        try {
          provisioner.ensure(c);
          results.add(Map.of("stream", c.getName(), "result", "ok"));
        } catch (StreamConflictException e) {
          results.add(Map.of("stream", c.getName(), "result", "conflict", "detail", e.getMessage()));
          code = ExitCodes.REFUSED;
        }
      }
      print(results);
      return code;
    }

    private void print(List<Map<String, Object>> results) {
      if (json()) {
        printJson(results);
      } else {
        table(List.of("STREAM", "RESULT", "DETAIL"), results.stream()
            .map(r -> List.<Object>of(r.get("stream"), r.get("result"), r.getOrDefault("detail", ""))).toList());
      }
    }
  }

  @Command(name = "diff", description = "Compares the streams with the configuration the settings ask for: the named"
      + " domains, every domain stream the environment has, and the dead-letter stream. Exit 1 when one differs or is missing.",
      footerHeading = "%nExample:%n", footer = "  NATS_STREAM_REPLICAS=3 natsaga --env prod streams diff")
  static final class Diff extends DomainCommand {
    @Override
    int execute() throws Exception {
      Set<String> all = new LinkedHashSet<>(domains);
      Environment env = natsaga().options().environment();
      for (StreamStats.Stream s : StreamStats.of(natsaga().connection().jetStreamManagement(), StreamStats.prefix(env))) {
        domainOf(env, s.subjects()).ifPresent(all::add);
      }
      StreamProvisioner provisioner = natsaga().streamProvisioner();
      List<Map<String, Object>> results = new ArrayList<>();
      boolean clean = true;
      for (StreamConfiguration c : wanted(all).values()) {
        Optional<List<String>> diff = provisioner.compare(c);
        String state = diff.isEmpty() ? "missing" : diff.get().isEmpty() ? "in line" : "differs";
        clean &= state.equals("in line");
        results.add(Map.of("stream", c.getName(), "state", state, "differences", diff.orElse(List.of())));
      }
      if (json()) {
        printJson(results);
      } else {
        table(List.of("STREAM", "STATE", "DIFFERENCES"), results.stream().map(r -> List.<Object>of(r.get("stream"),
            r.get("state"), String.join("; ", castList(r.get("differences"))))).toList());
      }
      return clean ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
      return (List<String>) o;
    }

    /** {@code dev.booking.>} is domain {@code booking}; the dead-letter stream has none. */
    private static Optional<String> domainOf(Environment env, List<String> subjects) {
      String prefix = env.name() + ".";
      return subjects.stream().filter(s -> s.startsWith(prefix) && s.endsWith(".>"))
          .map(s -> s.substring(prefix.length(), s.length() - 2)).filter(d -> !d.contains(".") && !d.equals("dlq")).findFirst();
    }
  }
}
