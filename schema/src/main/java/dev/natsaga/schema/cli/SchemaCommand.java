package dev.natsaga.schema.cli;

import dev.natsaga.schema.Compatibility;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaViolation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code natsaga-schema}: checks schema changes and data from the command line (e.g. in CI, before a deploy).
 *
 * <pre>
 * java -cp natsaga-schema.jar:... dev.natsaga.schema.cli.SchemaCommand check old/x.v1.json new/x.v1.json
 * java -cp ... dev.natsaga.schema.cli.SchemaCommand validate schemas/x.v1.json event-data.json
 * </pre>
 *
 * <p>Exit codes: 0 compatible / valid, 1 incompatible / invalid (every violation printed, one a line), 2 bad usage or
 * unreadable files.
 */
@Command(name = "natsaga-schema", mixinStandardHelpOptions = true, subcommands = {SchemaCommand.Check.class, SchemaCommand.Validate.class},
    description = "Checks event schema changes for compatibility and data against schemas.")
public final class SchemaCommand implements Runnable {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: check or validate");
  }

  /** Runs the command with {@code args} and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SchemaCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("natsaga-schema: " + e.getMessage());
      return 2;
    });
    return cli.execute(args);
  }

  private static SchemaDocument read(Path file, String type) throws IOException {
    String name = file.getFileName().toString();
    String t = type != null ? type : name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return SchemaDocument.of(t, Files.readString(file));
  }

  private static int report(PrintWriter out, String ok, String bad, List<SchemaViolation> violations) {
    if (violations.isEmpty()) {
      out.println(ok);
      return 0;
    }
    out.println(bad + " (" + violations.size() + " violation(s)):");
    violations.forEach(v -> out.println("  " + v));
    return 1;
  }

  /** {@code check OLD NEW}: is NEW a compatible change of OLD? */
  @Command(name = "check", mixinStandardHelpOptions = true, description = "Checks that NEW is a compatible change of OLD (same type version).")
  static final class Check implements Callable<Integer> {
    @Parameters(index = "0", description = "the registered schema") Path previous;
    @Parameters(index = "1", description = "the changed schema") Path changed;
    @Option(names = "--type", description = "the event type (default: the file name without .json)") String type;
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SchemaDocument old = read(previous, type);
      SchemaDocument now = read(changed, type != null ? type : old.type().name());
      return report(spec.commandLine().getOut(), "compatible: " + changed + " may replace " + previous,
          "incompatible: " + changed + " needs a new version of " + old.type(), Compatibility.check(old, now));
    }
  }

  /** {@code validate SCHEMA DATA}: does DATA validate against SCHEMA? */
  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Validates JSON data against a schema.")
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", description = "the schema, e.g. schemas/booking.appointment.confirmed.v1.json") Path schema;
    @Parameters(index = "1", description = "the event data (JSON)") Path data;
    @Option(names = "--type", description = "the event type (default: the schema file name without .json)") String type;
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SchemaDocument doc = read(schema, type);
      return report(spec.commandLine().getOut(), "valid: " + data, "invalid: " + data,
          SchemaCatalog.of().validate(doc, Files.readAllBytes(data)));
    }
  }
}
