package dev.natsaga.schema.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.schema.SampleData;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.SchemaDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract checks for a consumer: its payload class binds every example a schema gives, and valid sample events to
 * feed its handlers.
 *
 * <pre>{@code
 * SchemaContracts.assertBindsExamples(catalog, "payment.transaction.authorized.v1", Authorized.class);
 * OutgoingEvent<byte[]> sample = SchemaContracts.sampleEvent(catalog, "payment.transaction.authorized.v1");
 * }</pre>
 */
public final class SchemaContracts {

  private SchemaContracts() {
  }

  /**
   * Binds every {@code examples} entry of the type's schema to {@code payloadClass} with natsaga's mapper (the one the
   * framework binds handler payloads with).
   *
   * @throws AssertionError when the schema has no examples, or naming each example that does not bind and why
   */
  public static void assertBindsExamples(SchemaCatalog catalog, String type, Class<?> payloadClass) {
    SchemaDocument doc = catalog.require(EventType.parse(type));
    List<String> examples = doc.examples();
    if (examples.isEmpty()) {
      throw new AssertionError("the schema of " + type + " has no \"examples\" to bind");
    }
    ObjectMapper mapper = Json.mapper();
    List<String> failures = new ArrayList<>();
    for (String example : examples) {
      try {
        mapper.readValue(example, payloadClass);
      } catch (IOException e) {
        failures.add(example + " -> " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(payloadClass.getSimpleName() + " does not bind " + failures.size() + " example(s) of " + type
          + ":\n  " + String.join("\n  ", failures));
    }
  }

  /** Valid sample data for {@code type} (JSON text), generated from its schema. */
  public static String sampleData(SchemaCatalog catalog, String type) {
    return SampleData.generate(catalog.require(EventType.parse(type)));
  }

  /** A valid sample event of {@code type} (past tense, checked) to publish in a consumer test. */
  public static OutgoingEvent<byte[]> sampleEvent(SchemaCatalog catalog, String type) {
    return OutgoingEvent.event(type, sampleData(catalog, type).getBytes(StandardCharsets.UTF_8)).build();
  }

  /** A valid sample command of {@code type} (imperative, checked) to send in a participant's test. */
  public static OutgoingEvent<byte[]> sampleCommand(SchemaCatalog catalog, String type) {
    return OutgoingEvent.command(type, sampleData(catalog, type).getBytes(StandardCharsets.UTF_8)).build();
  }
}
