package dev.natsaga.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.schema.cli.SchemaCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compatibility rules one by one, and the command line that applies them. */
class CompatibilityTest {

  private static final String BASE = """
      {"type": "object",
       "properties": {"id": {"type": "string"}, "status": {"enum": ["OPEN", "CLOSED"]},
         "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}}}},
       "required": ["id"]}""";

  private static SchemaDocument doc(String json) {
    return SchemaDocument.of("shop.order.placed.v1", json);
  }

  @Test
  void aNewOptionalFieldIsCompatible() {
    String added = BASE.replace("\"id\": {\"type\": \"string\"},", "\"id\": {\"type\": \"string\"}, \"note\": {\"type\": \"string\"},");
    assertThat(Compatibility.check(doc(BASE), doc(added))).isEmpty();
  }

  @Test
  void removingRetypingRequiringNarrowingAndClosingAreEachReportedWithTheirPath() {
    String changed = """
        {"type": "object", "additionalProperties": false,
         "properties": {"id": {"type": "integer"}, "status": {"enum": ["OPEN"]},
           "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}}},
         "required": ["id", "status"]}""";
    assertThat(Compatibility.check(doc(BASE), doc(changed))).extracting(SchemaViolation::toString).containsExactlyInAnyOrder(
        "$.id: type changed from [string] to [integer] (rule: retyped)",
        "$.status: enum value \"CLOSED\" was removed (rule: enum-narrowed)",
        "$.lines[*].qty: field 'qty' was removed (rule: removed)",
        "$.lines[*].sku: field 'sku' became required (rule: made-required)",
        "$.status: field 'status' became required (rule: made-required)",
        "$: additionalProperties became false: events with other fields are refused (rule: closed)");
  }

  @Test
  void theCommandLineExitsOneListingEveryViolationAndZeroForACompatibleChange(@TempDir Path dir) throws Exception {
    Path old = Files.writeString(dir.resolve("shop.order.placed.v1.json"), BASE);
    Files.createDirectories(dir.resolve("new"));
    Path bad = Files.writeString(dir.resolve("new/shop.order.placed.v1.json"), BASE.replace("\"id\"", "\"key\""));
    StringWriter out = new StringWriter();
    int code = SchemaCommand.run(new String[] {"check", old.toString(), bad.toString()}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("incompatible").contains("2 violation(s)")
        .contains("$.id: field 'id' was removed (renamed to 'key'?").contains("$.key: new field 'key' is required");

    StringWriter ok = new StringWriter();
    assertThat(SchemaCommand.run(new String[] {"check", old.toString(), old.toString()}, new PrintWriter(ok, true), new PrintWriter(new StringWriter()))).isZero();
    assertThat(ok.toString()).startsWith("compatible");

    Path data = Files.writeString(dir.resolve("data.json"), "{\"status\": \"LOST\"}");
    StringWriter invalid = new StringWriter();
    assertThat(SchemaCommand.run(new String[] {"validate", old.toString(), data.toString()}, new PrintWriter(invalid, true), new PrintWriter(new StringWriter()))).isEqualTo(1);
    assertThat(invalid.toString()).contains("$: required property 'id' not found").contains("$.status");

    StringWriter err = new StringWriter();
    assertThat(SchemaCommand.run(new String[] {"check", old.toString(), dir.resolve("missing.json").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true))).isEqualTo(2);
    assertThat(err.toString()).contains("missing.json");
  }
}
