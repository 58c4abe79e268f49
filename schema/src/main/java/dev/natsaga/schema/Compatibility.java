package dev.natsaga.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Whether a changed schema of the same type version is compatible with the previous one. A new optional field is
 * compatible; removing, renaming or retyping a field, making a field required, adding a required field, removing an
 * {@code enum} value or closing an object to additional properties is not, and needs a new {@code vN} (with an
 * upcaster). Nested objects and array items are compared field by field.
 *
 * <pre>{@code
 * List<SchemaViolation> problems = Compatibility.check(previous, changed);
 * Compatibility.requireCompatible(previous, changed);   // IncompatibleSchemaException listing every violation
 * }</pre>
 */
public final class Compatibility {

  private Compatibility() {
  }

  /** Every incompatibility of {@code changed} with {@code previous}; empty when compatible. */
  public static List<SchemaViolation> check(SchemaDocument previous, SchemaDocument changed) {
    List<SchemaViolation> out = new ArrayList<>();
    compare("$", SchemaJson.tree(previous.json()), SchemaJson.tree(changed.json()), out);
    return out;
  }

  /** Throws {@link IncompatibleSchemaException} listing every violation when {@code changed} is not compatible. */
  public static void requireCompatible(SchemaDocument previous, SchemaDocument changed) {
    List<SchemaViolation> violations = check(previous, changed);
    if (!violations.isEmpty()) {
      throw new IncompatibleSchemaException(changed.type(), violations);
    }
  }

  private static void compare(String path, JsonNode old, JsonNode now, List<SchemaViolation> out) {
    if (old == null || now == null || !old.isObject() || !now.isObject()) {
      return;
    }
    Set<String> oldTypes = types(old);
    Set<String> newTypes = types(now);
    if (!oldTypes.isEmpty() && !oldTypes.equals(newTypes)) {
      out.add(new SchemaViolation(path, "retyped", "type changed from " + oldTypes + " to " + (newTypes.isEmpty() ? "any" : newTypes)));
    }
    compareEnum(path, old, now, out);
    compareProperties(path, old, now, out);
    compareRequired(path, old, now, out);
    if (!isFalse(old.get("additionalProperties")) && isFalse(now.get("additionalProperties"))) {
      out.add(new SchemaViolation(path, "closed", "additionalProperties became false: events with other fields are refused"));
    }
    compare(path + "[*]", old.get("items"), now.get("items"), out);
  }

  private static void compareProperties(String path, JsonNode old, JsonNode now, List<SchemaViolation> out) {
    JsonNode oldProps = old.get("properties");
    JsonNode newProps = now.get("properties");
    if (oldProps == null || !oldProps.isObject()) {
      return;
    }
    for (String name : oldProps.propertyNames()) {
      JsonNode next = newProps == null ? null : newProps.get(name);
      if (next == null) {
        out.add(new SchemaViolation(path + "." + name, "removed", "field '" + name + "' was removed" + renameHint(oldProps, newProps, name)));
      } else {
        compare(path + "." + name, oldProps.get(name), next, out);
      }
    }
  }

  private static String renameHint(JsonNode oldProps, JsonNode newProps, String name) {
    if (newProps == null) {
      return "";
    }
    Set<String> type = types(oldProps.get(name));
    for (String candidate : newProps.propertyNames()) {
      if (!oldProps.has(candidate) && types(newProps.get(candidate)).equals(type)) {
        return " (renamed to '" + candidate + "'? a rename needs a new version)";
      }
    }
    return "";
  }

  private static void compareRequired(String path, JsonNode old, JsonNode now, List<SchemaViolation> out) {
    Set<String> before = strings(old.get("required"));
    JsonNode oldProps = old.get("properties");
    for (String name : strings(now.get("required"))) {
      if (before.contains(name)) {
        continue;
      }
      boolean existed = oldProps != null && oldProps.has(name);
      out.add(new SchemaViolation(path + "." + name, existed ? "made-required" : "new-required",
          existed ? "field '" + name + "' became required" : "new field '" + name + "' is required (a new field must be optional)"));
    }
  }

  private static void compareEnum(String path, JsonNode old, JsonNode now, List<SchemaViolation> out) {
    if (old.get("enum") == null) {
      return;
    }
    Set<String> kept = values(now.get("enum"));
    for (String value : values(old.get("enum"))) {
      if (now.get("enum") != null && !kept.contains(value)) {
        out.add(new SchemaViolation(path, "enum-narrowed", "enum value " + value + " was removed"));
      }
    }
  }

  private static Set<String> types(JsonNode schema) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode type = schema == null ? null : schema.get("type");
    if (type != null && type.isString()) {
      out.add(type.asString());
    } else if (type != null && type.isArray()) {
      type.forEach(t -> out.add(t.asString()));
    }
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.asString()));
    }
    return out;
  }

  private static Set<String> values(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.toString()));
    }
    return out;
  }

  private static boolean isFalse(JsonNode node) {
    return node != null && node.isBoolean() && !node.booleanValue();
  }
}
