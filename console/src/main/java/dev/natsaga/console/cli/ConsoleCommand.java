package dev.natsaga.console.cli;

import dev.natsaga.console.StandaloneConsole;
import picocli.CommandLine.Command;

/** {@code natsaga console}: runs the dashboard on its own until stopped. */
@Command(name = "console", description = "Runs the web dashboard on its own against NATS and the saga database"
    + " (CONSOLE_USERS or CONSOLE_TOKENS, CONSOLE_PORT, CONSOLE_HOST); Ctrl-C stops it.",
    footerHeading = "%nExample:%n", footer = "  CONSOLE_USERS=alice:operator:correct-horse natsaga --env prod console")
final class ConsoleCommand extends CliCommand {

  @Override
  int execute() throws Exception {
    StandaloneConsole running = StandaloneConsole.start(settings());
    out().println("natsaga console at " + running.console().uri());
    out().flush();
    running.awaitShutdown();
    return ExitCodes.OK;
  }
}
