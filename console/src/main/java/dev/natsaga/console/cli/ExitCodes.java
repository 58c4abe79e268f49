package dev.natsaga.console.cli;

/** The exit codes of {@code natsaga}; scripts may rely on them. */
public final class ExitCodes {

  /** Done; a check found nothing wrong. */
  public static final int OK = 0;
  /** A check found something: a stream differs or is missing, a consumer lags over {@code --max-lag}. */
  public static final int CHECK_FAILED = 1;
  /** Bad usage: an unknown command or option, a malformed value (picocli's own code). */
  public static final int USAGE = 2;
  /** What was named does not exist: a saga id, a dead letter's sequence. */
  public static final int NOT_FOUND = 3;
  /** Refused: the state does not allow it (resume a completed saga), a stream conflicts, a role may not act. */
  public static final int REFUSED = 4;
  /** NATS, the database or the console could not be reached, or a setting is malformed. */
  public static final int UNAVAILABLE = 5;

  private ExitCodes() {
  }
}
