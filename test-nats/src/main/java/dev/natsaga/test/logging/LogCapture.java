package dev.natsaga.test.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger (and its children) logs at a level, for the duration of a test: a logback
 * {@link ListAppender} on the logger, which is detached from the console meanwhile. Each event's MDC is
 * taken on the logging thread.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.natsaga.saga", Level.DEBUG)) {
 *     ...
 *     assertThat(log.messages(Level.WARN)).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final boolean previousAdditive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();   // MDC and message of the logging thread, now
      super.append(event);
    }
  };

  private LogCapture(String loggerName, Level level) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previousLevel = logger.getLevel();
    previousAdditive = logger.isAdditive();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(level);
    logger.setAdditive(false);
  }

  public static LogCapture of(String loggerName, Level level) {
    return new LogCapture(loggerName, level);
  }

  /** @return the captured events so far, in order */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** @return the events at {@code level} whose formatted message contains {@code text} */
  public List<ILoggingEvent> events(Level level, String text) {
    return events(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
  }

  public List<ILoggingEvent> events(Predicate<ILoggingEvent> filter) {
    return events().stream().filter(filter).toList();
  }

  /** @return the formatted messages at {@code level} */
  public List<String> messages(Level level) {
    return events(e -> e.getLevel() == level).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(previousLevel);
    logger.setAdditive(previousAdditive);
  }
}
