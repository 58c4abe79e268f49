package dev.natsaga.schema.internal;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Matcher;
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
    ThreadLocal<BudgetedMatch> perThread = ThreadLocal.withInitial(() -> new BudgetedMatch(pattern, regex));
    return value -> perThread.get().find(value, baseSteps + (long) STEPS_PER_CHARACTER * value.length());
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

  /**
   * One thread's matcher of one pattern, reused for every value it checks: a pattern runs on every event that has the
   * field, and a fresh matcher and budget per value were a third of what a validation allocated.
   */
  private static final class BudgetedMatch {
    private final Budget budget;
    private final Budgeted input;
    private final Matcher matcher;

    BudgetedMatch(Pattern pattern, String regex) {
      this.budget = new Budget(regex);
      this.input = new Budgeted(budget);
      this.matcher = pattern.matcher(input);
    }

    boolean find(String value, long steps) {
      budget.remaining = steps;
      input.value = value;
      try {
        return matcher.reset().find();
      } finally {
        input.value = "";
      }
    }
  }

  /** The character reads a match has left; shared by the input and every sub-sequence taken of it. */
  private static final class Budget {
    private final String pattern;
    private long remaining;

    Budget(String pattern) {
      this.pattern = pattern;
    }

    void spend() {
      if (--remaining < 0) {
        throw new PatternBudgetException(pattern);
      }
    }
  }

  /** A string whose reads fail once its (shared) budget is spent. */
  private static final class Budgeted implements CharSequence {
    private final Budget budget;
    private String value = "";

    Budgeted(Budget budget) {
      this.budget = budget;
    }

    Budgeted(Budget budget, String value) {
      this.budget = budget;
      this.value = value;
    }

    @Override
    public int length() {
      return value.length();
    }

    @Override
    public char charAt(int index) {
      budget.spend();
      return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(budget, value.substring(start, end));
    }

    @Override
    public String toString() {
      return value;
    }
  }
}
