package dev.natsaga.console.cli;

import dev.natsaga.console.internal.JsonText;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: the run's settings, a NATS runtime and a saga store opened on first use and closed after
 * the command, and output as a table or JSON.
 */
abstract class CliCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  private Natsaga natsaga;
  private JdbcSagaStore store;

  /** The command's work; returns the exit code. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } finally {
      if (store != null) {
        store.close();
      }
      if (natsaga != null) {
        natsaga.close();
      }
    }
  }

  NatsagaCli root() {
    return (NatsagaCli) spec.root().userObject();
  }

  Map<String, String> settings() {
    return root().settings();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Connects to NATS (never provisions streams implicitly). */
  Natsaga natsaga() {
    if (natsaga == null) {
      NatsagaOptions options = NatsagaOptions.from(Settings.of(settings()));
      try {
        natsaga = Natsaga.builder(options).build().start();
      } catch (Exception e) {
        throw new CliFailure(ExitCodes.UNAVAILABLE, "NATS unreachable: " + e.getMessage());
      }
    }
    return natsaga;
  }

  JdbcSagaStore store() {
    if (store == null) {
      SagaDatabaseOptions options = SagaDatabaseOptions.fromEnvironment(settings());
      try {
        store = JdbcSagaStore.open(options);
      } catch (RuntimeException e) {
        throw new CliFailure(ExitCodes.UNAVAILABLE, "cannot open the saga database (SAGA_DB_URL): " + e.getMessage());
      }
    }
    return store;
  }

  boolean json() {
    return root().json();
  }

  void printJson(Object value) {
    out().println(JsonText.write(value));
  }

  /** Prints a table with a header line; columns as wide as their widest cell. */
  void table(List<String> headers, List<List<Object>> rows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(headers);
    rows.forEach(r -> cells.add(r.stream().map(v -> v == null ? "" : v.toString()).toList()));
    int[] widths = new int[headers.size()];
    cells.forEach(r -> {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    });
    for (List<String> r : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + widths[i] + "s  ", r.get(i)));
      }
      out().println(line.toString().stripTrailing());
    }
  }
}
