package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import java.net.URI;
import java.util.Objects;

/**
 * One event type's JSON Schema document (draft 2020-12) as text, with the URI events carry in {@code dataschema} and
 * its revision in the registry (0 when it comes from the classpath).
 *
 * <pre>{@code
 * SchemaDocument doc = SchemaDocument.of("booking.appointment.confirmed.v1", json);
 * doc.uri();   // the schema's absolute "$id", else urn:natsaga:schema:booking.appointment.confirmed.v1
 * }</pre>
 *
 * @param type the event type it describes
 * @param json the schema text
 * @param uri the schema's URI: its {@code $id} when that is an absolute URI, else {@code urn:natsaga:schema:{type}}
 * @param revision the registry revision, 0 when not from the registry
 */
public record SchemaDocument(EventType type, String json, URI uri, long revision) {

  public SchemaDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(uri, "uri");
  }

  /** A document for {@code type} read from {@code json}, its URI taken from an absolute {@code $id}. */
  public static SchemaDocument of(String type, String json) {
    return new SchemaDocument(EventType.parse(type), json, uriOf(type, json), 0);
  }

  /** The schema's top-level {@code examples}, each as JSON text (none: empty). */
  public java.util.List<String> examples() {
    return SchemaJson.examples(json);
  }

  /** The same document at a registry revision. */
  public SchemaDocument atRevision(long rev) {
    return new SchemaDocument(type, json, uri, rev);
  }

  private static URI uriOf(String type, String json) {
    try {
      String id = SchemaJson.stringField(json, "$id");
      if (id != null && URI.create(id).isAbsolute()) {
        return URI.create(id);
      }
    } catch (IllegalArgumentException e) {
      // not a URI: fall back to the type's URN
    }
    return URI.create("urn:natsaga:schema:" + type);
  }
}
