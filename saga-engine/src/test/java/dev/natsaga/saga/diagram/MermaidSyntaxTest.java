package dev.natsaga.saga.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.saga.SagaDiagram;
import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.StepPhase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered diagrams parse with the real Mermaid library (Node.js, {@code src/test/mermaid}; {@code .ci/run}
 * installs it with {@code npm ci}), and a broken diagram does not, so the check can fail.
 */
class MermaidSyntaxTest {

  private static final Path CHECKER = Path.of("src", "test", "mermaid");

  @Test
  void everyRenderedVariantIsValidMermaid(@TempDir Path dir) throws Exception {
    Map<String, String> diagrams = new LinkedHashMap<>();
    diagrams.put("plain", SagaDiagram.mermaid(SagaDiagramTest.TRIP));
    diagrams.put("branch", SagaDiagram.mermaid(SagaDiagramTest.TRIP, "book-flight", StepPhase.EXECUTE));
    diagrams.put("undo", SagaDiagram.mermaid(SagaDiagramTest.TRIP, "book-hotel", StepPhase.COMPENSATE));
    diagrams.put("final", SagaDiagram.mermaid(SagaDiagramTest.TRIP,
        SagaDiagramTest.view(SagaStatus.COMPENSATED, SagaDirection.COMPENSATING, null)));
    diagrams.put("broken", "flowchart TD\n  a[\"unclosed --> b\n");

    List<String> lines = parse(dir, diagrams);

    assertThat(lines).hasSize(5);
    assertThat(lines.subList(0, 4)).allSatisfy(line -> assertThat(line).startsWith("OK ").endsWith(" flowchart-v2"));
    assertThat(lines.get(4)).startsWith("ERROR ").contains("broken");
  }

  private static List<String> parse(Path dir, Map<String, String> diagrams) throws IOException, InterruptedException {
    assertThat(CHECKER.resolve("node_modules/mermaid")).as("Mermaid is not installed for this test: run"
        + " `npm ci --prefix saga-engine/src/test/mermaid` (.ci/run does)").exists();
    List<String> command = new ArrayList<>(List.of("node", CHECKER.resolve("parse.mjs").toString()));
    for (Map.Entry<String, String> d : diagrams.entrySet()) {
      Path file = dir.resolve(d.getKey() + ".mmd");
      Files.writeString(file, d.getValue(), StandardCharsets.UTF_8);
      command.add(file.toString());
    }
    Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished: %s", output).isTrue();
    return output.lines().filter(l -> l.startsWith("OK ") || l.startsWith("ERROR ")).toList();
  }
}
