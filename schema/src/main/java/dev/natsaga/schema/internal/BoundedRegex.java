package dev.natsaga.schema.internal;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSON Schema {@code pattern}s as JDK regular expressions whose every match has a budget of character reads: the input
 * is read through a {@link CharSequence} that counts, so a catastrophic-backtracking pattern such as
 * {@code ^(.*?,){30}P} fails with {@link PatternBudgetException} after a few milliseconds instead of holding a consumer
 * thread for minutes. Counting instead of timing keeps a valid match valid on a loaded machine.
 */
public final class BoundedRegex implements RegularExpressionFactory {

  private static final int STEPS_PER_CHARACTER = 1_000;

  private final long baseSteps;

  public BoundedRegex(long baseSteps) {
    this.baseSteps = baseSteps;
  }

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid pattern '" + regex + "': " + e.getDescription(), e);
    }
    return value -> pattern.matcher(new Budgeted(value, new long[] {baseSteps + (long) STEPS_PER_CHARACTER * value.length()}, regex)).find();
  }

  /** A pattern match that read more characters than its budget. */
  public static final class PatternBudgetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PatternBudgetException(String pattern) {
      super("pattern '" + pattern + "' read more than its budget of characters (a pattern with nested repetition?)");
    }
  }

  /** A string whose reads fail once its (shared) budget is spent. */
  private record Budgeted(String value, long[] budget, String pattern) implements CharSequence {
    @Override
    public int length() {
      return value.length();
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new PatternBudgetException(pattern);
      }
      return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(value.substring(start, end), budget, pattern);
    }

    @Override
    public String toString() {
      return value;
    }
  }
}
