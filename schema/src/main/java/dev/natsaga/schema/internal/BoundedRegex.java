package dev.natsaga.schema.internal;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSON Schema {@code pattern}s as JDK regular expressions whose every match has a deadline: the input is read through a
 * {@link CharSequence} that checks the clock, so a catastrophic-backtracking pattern such as {@code ^(a+)+$} fails with
 * {@link PatternTimeoutException} instead of holding a consumer thread for minutes.
 */
public final class BoundedRegex implements RegularExpressionFactory {

  private final long timeoutNanos;

  public BoundedRegex(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid pattern '" + regex + "': " + e.getDescription(), e);
    }
    return value -> pattern.matcher(new Deadline(value, System.nanoTime() + timeoutNanos, regex)).find();
  }

  /** A pattern match that ran past its deadline. */
  public static final class PatternTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PatternTimeoutException(String pattern) {
      super("pattern '" + pattern + "' took too long to match (a pattern with nested repetition?)");
    }
  }

  /** A string whose reads fail once its deadline has passed. */
  private record Deadline(String value, long deadline, String pattern) implements CharSequence {
    @Override
    public int length() {
      return value.length();
    }

    @Override
    public char charAt(int index) {
      if (System.nanoTime() > deadline) {
        throw new PatternTimeoutException(pattern);
      }
      return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadline(value.substring(start, end), deadline, pattern);
    }

    @Override
    public String toString() {
      return value;
    }
  }
}
