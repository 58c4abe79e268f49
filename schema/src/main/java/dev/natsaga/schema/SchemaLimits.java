package dev.natsaga.schema;

/**
 * Bounds that keep validation of hostile payloads and schemas in bounded time and memory. Data over
 * {@code maxDataBytes}, nested deeper than {@code maxNestingDepth} or with a string longer than
 * {@code maxStringLength} is refused before validation; a schema evaluation past {@code maxEvaluationSteps} or
 * {@code maxEvaluationDepth} stops; a {@code pattern} match that reads more than {@code maxPatternSteps} characters
 * (counted, not timed, so a loaded machine does not fail a valid match) fails.
 *
 * @param maxDataBytes the largest data validated (default 1 MiB)
 * @param maxNestingDepth the deepest nesting of arrays and objects in data or a schema (default 64)
 * @param maxStringLength the longest string in data (default 256 KiB)
 * @param maxEvaluationSteps the most keyword evaluations per validation (default 1,000,000)
 * @param maxEvaluationDepth the deepest schema evaluation (default 128)
 * @param maxPatternSteps the most characters one {@code pattern} match may read, backtracking included (default
 *     1,000,000 plus 1,000 per character of the input)
 */
public record SchemaLimits(int maxDataBytes, int maxNestingDepth, int maxStringLength, long maxEvaluationSteps,
    int maxEvaluationDepth, long maxPatternSteps) {

  /** The defaults above. */
  public static final SchemaLimits DEFAULT = new SchemaLimits(1 << 20, 64, 256 * 1024, 1_000_000, 128, 1_000_000);

  public SchemaLimits {
    if (maxDataBytes < 1 || maxNestingDepth < 1 || maxStringLength < 1 || maxEvaluationSteps < 1 || maxEvaluationDepth < 1
        || maxPatternSteps < 1) {
      throw new IllegalArgumentException("schema limits must be positive: " + this);
    }
  }
}
