package dev.natsaga.console.cli;

import dev.natsaga.console.StandaloneConsole;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.schema.cli.SchemaCommand;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code natsaga}: the operator's command line. Reads the services' settings ({@code NATS_URL}, {@code APP_ENV},
 * {@code SAGA_DB_URL}, ...) from the environment; the options override them.
 *
 * <pre>{@code
 * natsaga --env prod dlq list --reason max-deliveries --json
 * }</pre>
 */
@Command(name = "natsaga", mixinStandardHelpOptions = true, version = "natsaga 0.1.0", scope = ScopeType.INHERIT,
    description = "Operate natsaga services: streams, consumers, dead letters and sagas of one environment.",
    subcommands = {StreamsCommand.class, ConsumersCommand.class, DlqCommand.class, SagaCommand.class,
        ConsoleCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  natsaga streams list",
        "  natsaga --env prod consumers lag --max-lag 1000     # exit 1 when a consumer lags more",
        "  natsaga dlq list --reason max-deliveries --json",
        "  natsaga dlq replay 42",
        "  natsaga saga list --status COMPENSATION_FAILED",
        "  natsaga saga resume 5f0c... --console http://127.0.0.1:8090 --token $CONSOLE_TOKEN",
        "",
        "Settings (environment variables, as the services read them): NATS_URL, APP_ENV, SAGA_DB_URL, SAGA_DB_USER,",
        "SAGA_DB_PASSWORD, NATS_STREAM_* and the console's CONSOLE_URL, CONSOLE_TOKEN.",
        "",
        "Exit codes: 0 done, 1 a check failed, 2 bad usage, 3 not found, 4 refused, 5 unavailable or bad setting."})
public final class NatsagaCli {

  @Option(names = "--nats-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "NATS server (default: NATS_URL, else nats://127.0.0.1:4222)")
  String natsUrl;

  @Option(names = "--env", scope = ScopeType.INHERIT, paramLabel = "ENV", description = "environment (default: APP_ENV, else dev)")
  String env;

  @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL", description = "saga database (default: SAGA_DB_URL)")
  String dbUrl;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON instead of tables")
  boolean json;

  private final Map<String, String> environment;

  NatsagaCli(Map<String, String> environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", System.getProperty("logback.configurationFile",
        "natsaga-console-logback.xml"));
    System.exit(run(StandaloneConsole.environment(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line; returns its exit code (tests call this with their own settings and writers). */
  public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new NatsagaCli(environment));
    cli.addSubcommand("schema", new SchemaCommand());    // natsaga-schema's check and validate, under the same exit codes
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof CliFailure f) {
        err.println("natsaga: " + f.getMessage());
        return f.exitCode();
      }
      if (e instanceof ConfigException) {
        err.println("natsaga: " + e.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
      err.println("natsaga: " + line.getCommandName() + " failed: " + e);
      return ExitCodes.UNAVAILABLE;
    });
    return cli.execute(args);
  }

  /** The settings of this run: the environment, with the options on top. */
  Map<String, String> settings() {
    Map<String, String> s = new HashMap<>(environment);
    s.put("SERVICE_NAME", "natsaga-cli");
    s.put("NATS_PROVISION_STREAMS", "false");
    put(s, "NATS_URL", natsUrl);
    put(s, "APP_ENV", env);
    put(s, "SAGA_DB_URL", dbUrl);
    return s;
  }

  boolean json() {
    return json;
  }

  /**
   * An option given blank ({@code --env ""}) is bad usage: left to the setting's default it would act on another
   * environment than the one asked for (blank {@code --env} meant {@code dev}).
   */
  private static void put(Map<String, String> s, String name, String value) {
    if (value != null && value.isBlank()) {
      throw new CliFailure(ExitCodes.USAGE, "the option for " + name + " is blank; give a value (e.g. --env prod) or leave the option out"
          + " to use the " + name + " setting");
    }
    if (value != null) {
      s.put(name, value);
    }
  }
}
