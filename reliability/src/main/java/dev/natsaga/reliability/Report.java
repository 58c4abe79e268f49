package dev.natsaga.reliability;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found: invariants with how many cases each checked and how many violated it (with the first few
 * examples), and figures that are information only. {@link #print(PrintStream)} ends with {@code violations: N}.
 *
 * <pre>{@code
 * Report r = new Report("faults");
 * Report.Check c = r.check("CONFIRMED => payment CAPTURED");
 * c.pass();                              // one case that holds
 * c.fail("booking b-1: payment VOIDED"); // one that does not
 * r.print(System.out);
 * }</pre>
 */
public final class Report {

  private static final int EXAMPLES = 8;

  private final String name;
  private final Map<String, Check> checks = new LinkedHashMap<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  public Report(String name) {
    this.name = name;
  }

  /** The check of this name, created on first use (so it is printed even when it found no case). */
  public synchronized Check check(String invariant) {
    return checks.computeIfAbsent(invariant, Check::new);
  }

  /** A figure printed for information (not an invariant). */
  public synchronized void figure(String what, Object value) {
    figures.put(what, value);
  }

  public synchronized Object figureValue(String what) {
    return figures.get(what);
  }

  /** Violations of every check. */
  public synchronized long violations() {
    return checks.values().stream().mapToLong(Check::violations).sum();
  }

  public synchronized List<Check> checks() {
    return List.copyOf(checks.values());
  }

  public synchronized Map<String, Object> figures() {
    return new LinkedHashMap<>(figures);
  }

  /** Figures, then one line per invariant with its counts and examples, then {@code violations: N} last. */
  public synchronized void print(PrintStream out) {
    out.println();
    out.println("== " + name + ": figures");
    figures.forEach((k, v) -> out.println("  " + k + ": " + v));
    out.println("== " + name + ": invariants");
    for (Check c : checks.values()) {
      out.printf("  [%s] %s: %d checked, %d violation(s)%n", c.violations() == 0 ? " ok " : "FAIL", c.invariant, c.checked(),
          c.violations());
      for (String e : c.examples()) {
        out.println("         - " + e);
      }
      if (c.violations() > c.examples().size()) {
        out.println("         - ... and " + (c.violations() - c.examples().size()) + " more");
      }
    }
    out.println("violations: " + violations());
    out.flush();
  }

  /** One invariant: cases checked, cases violated, and the first examples of violations. */
  public static final class Check {
    private final String invariant;
    private long checked;
    private long violations;
    private final List<String> examples = new ArrayList<>();

    Check(String invariant) {
      this.invariant = invariant;
    }

    public synchronized void pass() {
      checked++;
    }

    public synchronized void fail(String example) {
      checked++;
      violations++;
      if (examples.size() < EXAMPLES) {
        examples.add(example);
      }
    }

    /** Passes when {@code holds}, else fails with {@code example}. */
    public void verify(boolean holds, String example) {
      if (holds) {
        pass();
      } else {
        fail(example);
      }
    }

    public String invariant() {
      return invariant;
    }

    public synchronized long checked() {
      return checked;
    }

    public synchronized long violations() {
      return violations;
    }

    public synchronized List<String> examples() {
      return List.copyOf(examples);
    }
  }
}
