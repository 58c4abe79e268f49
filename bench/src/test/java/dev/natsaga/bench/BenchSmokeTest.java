package dev.natsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole suite in-process, far too briefly to mean anything, so the bench cannot rot: every
 * row is there, every measured row has positive numbers on both sides, the saga rows (no raw twin) have positive
 * numbers of their own (PostgreSQL's may be skipped, only because it is unreachable; the rows against a baseline, the
 * store ceiling and the hand-written saga, have the baseline's too), so have the aggregate load rows
 * (framework only), and the JSON has the
 * documented shape. It checks that the bench runs, not the numbers.
 */
class BenchSmokeTest {

  @Test
  void everyRowIsProducedWithPositiveNumbers(@TempDir Path dir) throws Exception {
    BenchSuite suite = BenchSuite.standard();
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    Bench.Result result = Bench.run(BenchConfig.smoke(), suite, log, "smoke test");
    String logText = logBytes.toString(StandardCharsets.UTF_8);
    System.err.print(logText);

    assertThat(result.failures()).as(logText).isZero();
    List<String> expected = suite.measurements().stream().flatMap(m -> m.expectedRows().stream())
        .map(BenchRow::name).collect(Collectors.toList());
    assertThat(result.rows()).extracting(BenchRow::name).containsExactlyElementsOf(expected);
    for (BenchRow row : result.rows()) {
      if (row.name().startsWith("saga")) {
        assertSagaRow(row);
        continue;
      }
      if (row.name().startsWith("aggregate load")) {
        assertThat(row.status()).as(row.name()).isEqualTo(BenchRow.OK);
        assertThat(row.framework()).as(row.name()).isPositive();
        assertThat(row.raw()).as(row.name()).isNull();
        continue;
      }
      assertThat(row.status()).as(row.name()).isEqualTo(BenchRow.OK);
      assertThat(row.framework()).as(row.name()).isPositive();
      assertThat(row.raw()).as(row.name()).isPositive();
      assertThat(row.ratio()).as(row.name()).isPositive();
      assertThat(row.better()).isIn("higher", "lower");
    }

    Path json = dir.resolve("latest.json");
    BenchMain.write(json, result);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.path("machine").path("nats-server").asText()).isNotEmpty();
    assertThat(root.path("machine").path("cores").asInt()).isPositive();
    assertThat(root.path("rows")).hasSize(expected.size());
    JsonNode first = root.path("rows").get(0);
    for (String field : List.of("name", "unit", "framework", "raw", "ratio")) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(Table.text(result.rows())).contains("publish async", "e2e latency p99", "sagas/s");
  }

  private static void assertSagaRow(BenchRow row) {
    if (row.name().contains("PostgreSQL") && row.status().startsWith("skipped: ")) {
      assertThat(row.status()).contains("PostgreSQL not reachable");
      return;
    }
    assertThat(row.status()).as(row.name()).isEqualTo(BenchRow.OK);
    assertThat(row.framework()).as(row.name()).isPositive();
    if (row.name().contains(" vs ")) {
      assertThat(row.raw()).as(row.name() + ": the baseline").isPositive();
      assertThat(row.ratio()).as(row.name()).isPositive();
      return;
    }
    assertThat(row.raw()).as(row.name()).isNull();
    assertThat(row.ratio()).as(row.name()).isNull();
  }
}
