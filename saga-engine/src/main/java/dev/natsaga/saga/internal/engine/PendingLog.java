package dev.natsaga.saga.internal.engine;

import dev.natsaga.framework.logging.MdcScope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The log lines of one saga transaction, held back until it commits. A transaction that loses an optimistic-lock
 * race (or fails) is rolled back and re-applied: logging as it goes would show steps, commands and timeouts that
 * never happened. So the engine writes its lines here, {@link #emit()}s them once the store committed, and simply
 * drops the buffer when the transaction throws. Each line is emitted through its own logger (same names and levels
 * as logging directly) with the MDC {@code correlationId} set to the id of the saga it is about. Caller data
 * ({@code %C}, {@code %L}) points here. Not thread-safe: one per transaction attempt.
 */
final class PendingLog {

  private record Line(Logger logger, Level level, UUID sagaId, String format, Object[] args) { }

  private final List<Line> lines = new ArrayList<>(4);

  void info(Logger logger, UUID sagaId, String format, Object... args) {
    add(logger, Level.INFO, sagaId, format, args);
  }

  void warn(Logger logger, UUID sagaId, String format, Object... args) {
    add(logger, Level.WARN, sagaId, format, args);
  }

  /** A trailing {@code Throwable} argument is logged as the line's exception, as with SLF4J. */
  void debug(Logger logger, UUID sagaId, String format, Object... args) {
    add(logger, Level.DEBUG, sagaId, format, args);
  }

  private void add(Logger logger, Level level, UUID sagaId, String format, Object[] args) {
    if (logger.isEnabledForLevel(level)) {
      lines.add(new Line(logger, level, sagaId, format, args));
    }
  }

  /** @return how many lines are held */
  int size() {
    return lines.size();
  }

  /** Logs the held lines, in order (call after the commit), and empties the buffer. */
  void emit() {
    for (Line line : lines) {
      try (MdcScope ignored = MdcScope.correlate(line.sagaId())) {
        switch (line.level()) {
          case ERROR -> line.logger().error(line.format(), line.args());
          case WARN -> line.logger().warn(line.format(), line.args());
          case INFO -> line.logger().info(line.format(), line.args());
          case DEBUG -> line.logger().debug(line.format(), line.args());
          case TRACE -> line.logger().trace(line.format(), line.args());
        }
      }
    }
    lines.clear();
  }
}
