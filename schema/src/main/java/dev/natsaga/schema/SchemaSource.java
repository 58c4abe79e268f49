package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import java.util.Optional;

/** Where schemas come from: the classpath ({@link ClasspathSchemas}) or the shared registry ({@link KvSchemaRegistry}). */
@FunctionalInterface
public interface SchemaSource {

  /** The current schema of {@code type}, if this source has one. */
  Optional<SchemaDocument> find(EventType type);
}
