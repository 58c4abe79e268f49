package dev.natsaga.schema.internal;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaLimits;
import dev.natsaga.schema.SchemaViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Compiles each schema document once (draft 2020-12, no remote {@code $ref}s, bounded patterns) and validates data
 * against it within {@link SchemaLimits}. A compiled validator is cached per document URI and revision.
 */
public final class CompiledSchemas {

  private static final int MAX_VIOLATIONS = 20;
  private static final byte[] NULL = "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final SchemaRegistry registry;
  private final BoundedJson json;
  private final SchemaLimits limits;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  /** The same document object asks again on every message: found by the record (hashes cached), no key string built. */
  private final Map<SchemaDocument, Schema> byDocument = new ConcurrentHashMap<>();
  private final ExecutionConfig execution;

  public CompiledSchemas(SchemaLimits limits) {
    this.limits = limits;
    this.json = new BoundedJson(limits);
    this.execution = ExecutionConfig.builder().formatAssertionsEnabled(true)
        .maxEvaluationSteps(limits.maxEvaluationSteps()).maxEvaluationDepth(limits.maxEvaluationDepth()).build();
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .pathType(PathType.JSON_PATH)
        .formatAssertionsEnabled(true)
        .regularExpressionFactory(new BoundedRegex(limits.maxPatternSteps()))
        .build();
    Dialect draft202012 = Dialect.builder(Dialects.getDraft202012()).format(UuidFormat.INSTANCE).build();
    this.registry = SchemaRegistry.withDefaultDialect(draft202012,
        b -> b.schemaRegistryConfig(config).schemaLoader(l -> l.fetchRemoteResources(false)));
  }

  /** Compiles {@code doc} (or takes it from the cache); {@link IllegalArgumentException} naming the type when it is no valid schema. */
  public Schema compile(SchemaDocument doc) {
    Schema known = byDocument.get(doc);
    if (known != null) {
      return known;
    }
    Schema schema = compileByUri(doc);
    byDocument.putIfAbsent(doc, schema);
    return schema;
  }

  private Schema compileByUri(SchemaDocument doc) {
    return compiled.computeIfAbsent(doc.uri() + "#" + doc.revision(), key -> {
      try {
        Schema schema = registry.getSchema(SchemaLocation.of(doc.uri().toString()), json.read(doc.json()));
        schema.initializeValidators();
        return schema;
      } catch (SchemaException | BoundedJson.JsonLimitException | IllegalArgumentException e) {
        throw new IllegalArgumentException("the schema of " + doc.type() + " is invalid: " + e.getMessage(), e);
      }
    });
  }

  /** The violations of {@code data} (JSON bytes) against {@code doc}; empty when valid. */
  public List<SchemaViolation> validate(SchemaDocument doc, byte[] data) {
    return validate(doc, data == null ? NULL : data, 0, data == null ? NULL.length : data.length);
  }

  /** The violations of {@code length} bytes of JSON at {@code offset} of {@code data} against {@code doc}. */
  public List<SchemaViolation> validate(SchemaDocument doc, byte[] data, int offset, int length) {
    JsonNode tree;
    try {
      tree = json.read(data, offset, length);
    } catch (BoundedJson.JsonLimitException e) {
      return List.of(new SchemaViolation("$", "limits", e.getMessage()));
    }
    return validate(doc, tree);
  }

  /** The violations of a tree against {@code doc}. */
  public List<SchemaViolation> validate(SchemaDocument doc, JsonNode tree) {
    Schema schema = compile(doc);
    try {
      List<Error> errors = schema.validate(tree, ctx -> ctx.setExecutionConfig(execution));
      List<SchemaViolation> violations = new ArrayList<>();
      for (Error e : errors.subList(0, Math.min(errors.size(), MAX_VIOLATIONS))) {
        violations.add(new SchemaViolation(e.getInstanceLocation().toString(), e.getKeyword(), e.getMessage()));
      }
      return violations;
    } catch (ValidationLimitExceededException e) {
      return List.of(new SchemaViolation(String.valueOf(e.getInstanceLocation()), "limits",
          "validation stopped after " + e.getLimit() + " " + e.getLimitKind().name().toLowerCase().replace('_', ' ')));
    } catch (BoundedRegex.PatternBudgetException e) {
      return List.of(new SchemaViolation("$", "pattern", e.getMessage()));
    }
  }

  /** The bounded JSON reader these validators use. */
  public BoundedJson json() {
    return json;
  }
}
