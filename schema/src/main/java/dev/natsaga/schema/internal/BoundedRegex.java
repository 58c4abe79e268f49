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
      pattern = Pattern.compile(endOfInputDollar(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid pattern '" + regex + "': " + e.getDescription(), e);
    }
    return value -> pattern.matcher(new Budgeted(value, new long[] {baseSteps + (long) STEPS_PER_CHARACTER * value.length()}, regex)).find();
  }

  /**
   * JSON Schema patterns are ECMA-262, where {@code $} (without the multiline flag, which a pattern cannot set) matches
   * only at the end of the input; the JDK's {@code $} also matches before a final line terminator, so
   * {@code ^[A-Z]{3}$} accepted {@code "EUR\n"} (found by the reliability fuzz run). Every {@code $} that is an anchor
   * (not escaped, not inside a character class or a {@code \Q...\E} quote) becomes {@code \z}.
   */
  static String endOfInputDollar(String regex) {
    StringBuilder out = new StringBuilder(regex.length() + 4);
    int inClass = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        int end = regex.charAt(i + 1) == 'Q' ? quoteEnd(regex, i + 2) : i + 2;
        out.append(regex, i, end);
        i = end - 1;
      } else if (c == '$' && inClass == 0) {
        out.append("\\z");
      } else {
        inClass += c == '[' ? 1 : c == ']' && inClass > 0 ? -1 : 0;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int quoteEnd(String regex, int from) {
    int e = regex.indexOf("\\E", from);
    return e < 0 ? regex.length() : e + 2;
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
