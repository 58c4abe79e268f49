package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.codec.JsonDataSlice;
import dev.natsaga.framework.payload.PayloadJson;
import io.cloudevents.CloudEvent;
import dev.natsaga.schema.internal.CompiledSchemas;
import java.util.List;
import java.util.Optional;

/**
 * The schemas a service checks against: its sources in order (the shared registry first, then the classpath), and a
 * validator compiled once per schema document and revision.
 *
 * <pre>{@code
 * SchemaCatalog catalog = SchemaCatalog.of(registry, ClasspathSchemas.load());
 * List<SchemaViolation> problems = catalog.validate(EventType.parse("booking.appointment.confirmed.v1"), json);
 * }</pre>
 */
public final class SchemaCatalog {

  private final List<SchemaSource> sources;
  private final CompiledSchemas compiled;

  private SchemaCatalog(List<SchemaSource> sources, SchemaLimits limits) {
    this.sources = List.copyOf(sources);
    this.compiled = new CompiledSchemas(limits);
  }

  /** A catalog over {@code sources}, first match wins, with the default {@link SchemaLimits}. */
  public static SchemaCatalog of(SchemaSource... sources) {
    return new SchemaCatalog(List.of(sources), SchemaLimits.DEFAULT);
  }

  /** A catalog over {@code sources}, first match wins, within {@code limits}. */
  public static SchemaCatalog of(List<SchemaSource> sources, SchemaLimits limits) {
    return new SchemaCatalog(sources, limits);
  }

  /** The schema of {@code type}, from the first source that has one. */
  public Optional<SchemaDocument> find(EventType type) {
    for (SchemaSource source : sources) {
      Optional<SchemaDocument> doc = source.find(type);
      if (doc.isPresent()) {
        return doc;
      }
    }
    return Optional.empty();
  }

  /** The schema of {@code type}; {@link IllegalStateException} naming the type and the folder when there is none. */
  public SchemaDocument require(EventType type) {
    return find(type).orElseThrow(() -> new IllegalStateException("no schema for " + type + ": add "
        + ClasspathSchemas.FOLDER + "/" + type + ".json or register it in the schema registry"));
  }

  /** The violations of {@code json} against {@code doc}; empty when valid. */
  public List<SchemaViolation> validate(SchemaDocument doc, byte[] json) {
    return compiled.validate(doc, json);
  }

  /** The violations of an event's data against {@code doc}, read in place when it is a slice of a received message. */
  public List<SchemaViolation> validate(SchemaDocument doc, CloudEvent event) {
    if (event.getData() instanceof JsonDataSlice slice) {
      return compiled.validate(doc, slice.array(), slice.offset(), slice.length());
    }
    return compiled.validate(doc, PayloadJson.bytes(event));
  }

  /** The violations of {@code json} against the schema of {@code type} (which must exist). */
  public List<SchemaViolation> validate(EventType type, byte[] json) {
    return compiled.validate(require(type), json);
  }

  /** Compiles {@code doc} now (fails naming the type when it is no valid schema), e.g. at start-up. */
  public void compile(SchemaDocument doc) {
    compiled.compile(doc);
  }
}
