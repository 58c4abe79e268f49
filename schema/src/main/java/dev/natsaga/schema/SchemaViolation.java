package dev.natsaga.schema;

/**
 * One thing wrong with a payload or a schema change: where, by which rule, and a message.
 *
 * @param path the JSON path of the offending value or field, e.g. {@code $.amount}
 * @param rule the JSON Schema keyword (e.g. {@code minimum}, {@code required}) or compatibility rule (e.g. {@code removed})
 * @param message what is wrong, for a person
 */
public record SchemaViolation(String path, String rule, String message) {

  @Override
  public String toString() {
    return path + ": " + message + " (rule: " + rule + ")";
  }
}
