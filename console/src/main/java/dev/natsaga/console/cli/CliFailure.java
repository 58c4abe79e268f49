package dev.natsaga.console.cli;

/** Ends a command with a message on standard error and an {@link ExitCodes exit code}. */
final class CliFailure extends RuntimeException {

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
