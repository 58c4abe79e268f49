package dev.natsaga.security.classification;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Sensitive} marks of a payload record, by JSON pointer (nested records included; a component's JSON name
 * is its name, as the framework's Jackson mapper writes it).
 *
 * <pre>{@code
 * Classification c = Classification.of(PaymentRequested.class);
 * c.level();        // RESTRICTED
 * c.piiPointers();  // [/card/number, /card/holder]
 * }</pre>
 */
public final class Classification {

  private final Map<String, Sensitive> marks;

  private Classification(Map<String, Sensitive> marks) {
    this.marks = Map.copyOf(marks);
  }

  /** Reads the marks of {@code type} (a record; any other class has none). */
  public static Classification of(Class<?> type) {
    Map<String, Sensitive> marks = new LinkedHashMap<>();
    collect(type, "", marks, 0);
    return new Classification(marks);
  }

  private static void collect(Class<?> type, String prefix, Map<String, Sensitive> marks, int depth) {
    if (!type.isRecord() || depth > 8) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      String pointer = prefix + "/" + c.getName();
      Sensitive mark = c.getAnnotation(Sensitive.class);
      if (mark != null) {
        marks.put(pointer, mark);
      }
      collect(c.getType(), pointer, marks, depth + 1);
    }
  }

  /** The highest level of any marked field, {@link Sensitivity#PUBLIC} when none is marked. */
  public Sensitivity level() {
    return marks.values().stream().map(Sensitive::level).max(Enum::compareTo).orElse(Sensitivity.PUBLIC);
  }

  /** The JSON pointers of the personal-data fields. */
  public List<String> piiPointers() {
    return marks.entrySet().stream().filter(e -> e.getValue().pii()).map(Map.Entry::getKey).sorted().toList();
  }
}
