package dev.natsaga.console.cli;

import dev.natsaga.console.internal.JsonText;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.jdbc.SagaSearch;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code natsaga saga list|show|resume|abort}. */
@Command(name = "saga", description = "Sagas in the saga database (SAGA_DB_URL); resume and abort go through the console"
    + " embedded in the service that runs them.",
    subcommands = {SagaCommand.ListSagas.class, SagaCommand.Show.class, SagaCommand.Resume.class, SagaCommand.Abort.class,
        SagaCommand.Diagram.class})
final class SagaCommand extends Group {

  @Command(name = "list", description = "Sagas, newest first, filtered; --after continues from the previous page's cursor.",
      footerHeading = "%nExamples:%n", footer = {"  natsaga saga list --status COMPENSATION_FAILED",
          "  natsaga saga list --type booking.create --since 2026-12-01T00:00:00Z --limit 200 --json",
          "  natsaga saga list --search booking-b42          # a saga id or a caller key"})
  static final class ListSagas extends CliCommand {
    @Option(names = "--type", paramLabel = "TYPE", description = "saga type, e.g. booking.create")
    String type;
    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}")
    SagaStatus status;
    @Option(names = "--since", paramLabel = "TIME", description = "started at or after (ISO time, UTC)")
    Instant since;
    @Option(names = "--until", paramLabel = "TIME", description = "started before (ISO time, UTC)")
    Instant until;
    @Option(names = "--search", paramLabel = "TEXT", description = "a saga id or a caller key")
    String search;
    @Option(names = "--after", paramLabel = "CURSOR", description = "the cursor the previous page printed")
    String after;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "rows (1..500, default ${DEFAULT-VALUE})")
    int limit;

    @Override
    int execute() {
      SagaSearch.Cursor cursor;
      try {
        cursor = after == null ? null : SagaSearch.Cursor.parse(after);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--after: " + e.getMessage());
      }
      if (limit < 1 || limit > SagaSearch.MAX_LIMIT) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1.." + SagaSearch.MAX_LIMIT);
      }
      SagaSearch.Slice slice = new SagaSearch(store().dataSource())
          .find(new SagaSearch.Filter(type, status, since, until, search), cursor, limit);
      String next = slice.next() == null ? null : slice.next().token();
      if (json()) {
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("sagas", slice.items().stream().map(SagaCommand::row).toList());
        page.put("next", next);
        printJson(page);
        return ExitCodes.OK;
      }
      table(List.of("SAGA", "TYPE", "STATUS", "STEP", "CALLER_KEY", "STARTED", "UPDATED"), slice.items().stream()
          .map(v -> List.<Object>of(v.id(), v.sagaType(), v.status(), v.stepName() == null ? "" : v.stepName(),
              v.callerKey() == null ? "" : v.callerKey(), v.createdAt(), v.updatedAt())).toList());
      if (next != null) {
        out().println("next page: --after " + next);
      }
      return ExitCodes.OK;
    }
  }

  static Map<String, Object> row(SagaView v) {
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    r.put("id", v.id().toString());
    r.put("type", v.sagaType());
    r.put("status", v.status().name());
    r.put("step", v.stepName());
    r.put("callerKey", v.callerKey());
    r.put("createdAt", v.createdAt().toString());
    r.put("updatedAt", v.updatedAt().toString());
    return r;
  }

  @Command(name = "show", description = "A saga's status, state and step timeline.",
      footerHeading = "%nExample:%n", footer = "  natsaga saga show 5f0c2a52-0a43-4c8e-9b61-4a5f0d4c1e7e")
  static final class Show extends CliCommand {
    @Parameters(paramLabel = "SAGA_ID")
    UUID id;

    @Override
    int execute() {
      SagaView view = SagaEngine.builder().store(store()).build().find(id)
          .orElseThrow(() -> new CliFailure(ExitCodes.NOT_FOUND, "no saga " + id + " in the saga database"));
      if (json()) {
        printJson(view);
      } else {
        out().print(SagaTimeline.render(view));
        if (view.startedBy() != null) {
          out().println("started by: " + view.startedBy().type() + (view.startedBy().id() == null ? "" : " " + view.startedBy().id()));
        }
        out().println("state: " + JsonText.pretty(view.stateJson(), dev.natsaga.console.Console.DEFAULT_MASKED_FIELDS));
      }
      return ExitCodes.OK;
    }
  }

  /** Resume and abort: a call to the console's API (the service's engine knows the saga definitions). */
  abstract static class Remote extends CliCommand {
    @Parameters(paramLabel = "SAGA_ID")
    UUID id;
    @Option(names = "--console", paramLabel = "URL", description = "the console of the service running the saga (default: CONSOLE_URL)")
    String console;
    @Option(names = "--token", paramLabel = "TOKEN", description = "an operator's token (default: CONSOLE_TOKEN)")
    String token;

    int call(String action, String body) throws Exception {
      return answer(send(action, HttpRequest.BodyPublishers.ofString(body), "POST"));
    }

    HttpResponse<String> send(String action, HttpRequest.BodyPublisher body, String method) throws Exception {
      String base = console != null ? console : settings().get("CONSOLE_URL");
      String bearer = token != null ? token : settings().get("CONSOLE_TOKEN");
      if (base == null || bearer == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            action + " needs --console URL and --token TOKEN (or CONSOLE_URL and CONSOLE_TOKEN)");
      }
      URI uri = URI.create(base.endsWith("/") ? base : base + "/").resolve("api/sagas/" + id + "/" + action);
      HttpResponse<String> response;
      try {
        response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30)).method(method, body).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new CliFailure(ExitCodes.UNAVAILABLE, "cannot reach the console at " + base + " (CONSOLE_URL)");
      }
      return response;
    }

    /** Fails with the exit code matching a refused answer; returns a 200 answer's body. */
    String ok(HttpResponse<String> response) {
      int status = response.statusCode();
      if (status == 200) {
        return response.body();
      }
      String error = JsonText.parse(response.body()).path("error").asText("HTTP " + status);
      throw new CliFailure(status == 404 ? ExitCodes.NOT_FOUND : status == 400 ? ExitCodes.USAGE
          : status >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.REFUSED, error);
    }

    private int answer(HttpResponse<String> response) {
      String body = ok(response);
      if (json()) {
        out().println(body);
      } else {
        out().println(JsonText.parse(body).path("action").asText() + " of saga " + id + " done; it is now "
            + JsonText.parse(body).path("status").asText());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "resume", description = "Resumes a COMPENSATION_FAILED saga (compensates again), or makes an active"
      + " saga due now.", footerHeading = "%nExample:%n",
      footer = "  natsaga saga resume 5f0c2a52-0a43-4c8e-9b61-4a5f0d4c1e7e --console http://booking:8090 --token $TOKEN")
  static final class Resume extends Remote {
    @Override
    int execute() throws Exception {
      return call("resume", "");
    }
  }

  @Command(name = "abort", description = "Aborts a RUNNING saga: it compensates, its current step first.",
      footerHeading = "%nExample:%n",
      footer = "  natsaga saga abort 5f0c... --reason \"customer cancelled\" --console http://booking:8090 --token $TOKEN")
  static final class Abort extends Remote {
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (kept as the failure reason)")
    String reason;

    @Override
    int execute() throws Exception {
      return call("abort", JsonText.write(Map.of("reason", reason)));
    }
  }

  @Command(name = "diagram", description = "The saga's definition as a Mermaid flowchart, where the saga stands marked"
      + " (from the console of the service that runs it).", footerHeading = "%nExample:%n",
      footer = "  natsaga saga diagram 5f0c... --console http://booking:8090 --token $TOKEN > saga.mmd")
  static final class Diagram extends Remote {
    @Override
    int execute() throws Exception {
      String body = ok(send("diagram", HttpRequest.BodyPublishers.noBody(), "GET"));
      if (json()) {
        out().println(body);
      } else {
        out().print(JsonText.parse(body).path("mermaid").asText());
      }
      return ExitCodes.OK;
    }
  }
}
