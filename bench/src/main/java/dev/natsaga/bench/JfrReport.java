package dev.natsaga.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of a bench run: CPU samples by top frame (self) and by method anywhere
 * on the stack (total), and allocation samples by class and by the first {@code --focus} frame that
 * allocates. Use with {@code bench/run.sh --profile}, which records one side at a time.
 *
 * <pre>
 * java -cp bench/target/natsaga-bench.jar dev.natsaga.bench.JfrReport recording.jfr [--focus dev.natsaga.] [--within PREFIX] [--without PREFIX] [--top 25]
 * </pre>
 */
public final class JfrReport {

  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> total = new HashMap<>();
  private final Map<String, Long> allocByClass = new HashMap<>();
  private final Map<String, Long> allocBySite = new HashMap<>();
  private final Map<String, Long> threads = new HashMap<>();
  private final String focus;
  private final String within;
  private String without;
  private long samples;
  private long allSamples;
  private long allocated;

  private JfrReport(String focus, String within) {
    this.focus = focus;
    this.within = within;
  }

  public static void main(String[] args) throws Exception {
    String focus = "dev.natsaga.";
    String within = null;
    String without = null;
    int top = 25;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--focus" -> focus = args[++i];
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--within" -> within = args[++i];
        case "--without" -> without = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    JfrReport report = new JfrReport(focus, within);
    report.without = without;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      report.add(e);
    }
    report.print(top);
  }

  private void add(RecordedEvent e) {
    String type = e.getEventType().getName();
    RecordedStackTrace st = e.getStackTrace();
    if (st == null) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    if (type.equals("jdk.ExecutionSample") && !frames.isEmpty()) {
      allSamples++;
      if (!inside(frames)) {
        return;
      }
      samples++;
      threads.merge(e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName().replaceAll("[0-9]+", "N"),
          1L, Long::sum);
      self.merge(name(frames.get(0)), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        if (seen.add(name(f))) {
          total.merge(name(f), 1L, Long::sum);
        }
      }
    } else if (type.equals("jdk.ObjectAllocationSample") && inside(frames)) {
      long weight = e.getLong("weight");
      allocated += weight;
      allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
      allocBySite.merge(site(frames), weight, Long::sum);
    }
  }

  /** Whether the stack passes the {@code --within} filter (a frame starting with it), or there is none. */
  private boolean inside(List<RecordedFrame> frames) {
    boolean in = within == null;
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (without != null && n.startsWith(without)) {
        return false;
      }
      in |= within != null && n.startsWith(within);
    }
    return in;
  }

  /** The first frame of the focus packages, with the frame it called, or the top frame when none. */
  private String site(List<RecordedFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      String n = name(frames.get(i));
      if (n.startsWith(focus)) {
        return i == 0 ? n : n + " -> " + name(frames.get(i - 1));
      }
    }
    return frames.isEmpty() ? "?" : "(outside " + focus + ") " + name(frames.get(0));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private void print(int top) {
    System.out.printf(Locale.ROOT, "CPU samples: %d of %d%s%n%n-- threads --%n", samples, allSamples,
        within == null ? "" : " (stacks through " + within + ")");
    printTop(threads, samples, top, null);
    System.out.printf(Locale.ROOT, "%n-- top frames (self) --%n");
    printTop(self, samples, top, null);
    System.out.printf(Locale.ROOT, "%n-- methods on the stack (total), %s only --%n", focus);
    printTop(total, samples, top, focus);
    System.out.printf(Locale.ROOT, "%n-- allocation by class (sampled weight %.1f MB) --%n", allocated / 1048576.0);
    printTop(allocByClass, allocated, top, null);
    System.out.printf(Locale.ROOT, "%n-- allocation by first %s frame --%n", focus);
    printTop(allocBySite, allocated, top, null);
  }

  private static void printTop(Map<String, Long> counts, long all, int top, String prefix) {
    counts.entrySet().stream()
        .filter(e -> prefix == null || e.getKey().startsWith(prefix))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6.2f%%  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getKey()));
  }
}
