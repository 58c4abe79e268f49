package dev.natsaga.saga.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaDiagram;
import dev.natsaga.saga.SagaDirection;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Mermaid flowchart a definition renders: nodes, forward and failure edges, groups, the current-node mark. */
class SagaDiagramTest {

  record State(String id) { }

  /** A local step without compensation, a group of two branches, a local step "quoted", a remote step. */
  static final SagaDefinition<State> TRIP = Saga.define("trip.book", State.class)
      .version(2)
      .deadline(Duration.ofMinutes(90))
      .step("open-file")
        .localRun(ctx -> { })
      .parallel("book-travel")
        .branch("book-flight")
          .send(s -> Command.of("travel.flight.book.v1", Map.of()))
          .onReply("travel.flight.booked.v1")
          .failOn("travel.flight.rejected.v1")
          .timeout(Duration.ofMillis(1500)).retry(Retry.fixed(2, Duration.ofSeconds(1)))
          .compensateWith(s -> Command.of("travel.flight.cancel.v1", Map.of()))
        .branch("book-hotel")
          .send(s -> Command.of("travel.hotel.book.v1", Map.of()))
          .onReply("travel.hotel.booked.v1")
          .compensateWith(s -> Command.of("travel.hotel.cancel.v1", Map.of())).confirmedBy("travel.hotel.cancelled.v1")
        .join()
      .step("say \"hello\"")
        .localRun(ctx -> { })
        .compensate(ctx -> { })
      .step("charge")
        .send(s -> Command.of("payment.card.charge.v1", Map.of()))
        .onReply("payment.card.charged.v1")
        .failOn("payment.card.declined.v1")
      .build();

  @Test
  void stepsGroupsAndCompensationsAreDrawnInOrder() {
    String diagram = SagaDiagram.mermaid(TRIP);
    assertThat(diagram).startsWith("flowchart TD\n")
        .contains("start([\"trip.book v2<br/>deadline 1h30m, then compensates\"])")
        .contains("subgraph group1 [\"parallel book-travel\"]", "fork1{{\"fork\"}}", "join1{{\"join\"}}")
        .contains("s1[\"book-flight<br/>command · timeout 1500ms · 2 attempts\"]")
        .contains("c2[/\"undo book-hotel<br/>command → travel.hotel.cancelled.v1 · 5 attempts\"/]")
        .contains("s0 --> fork1", "fork1 --> s1", "fork1 --> s2", "s1 -->|\"travel.flight.booked.v1\"| join1",
            "s2 -->|\"travel.hotel.booked.v1\"| join1", "join1 --> s3", "s4 -->|\"payment.card.charged.v1\"| completed");
  }

  @Test
  void failuresLeadIntoTheRightCompensation() {
    String diagram = SagaDiagram.mermaid(TRIP);
    assertThat(diagram)
        .as("the first step has nothing before it to undo").contains("s0 -.->|\"fails\"| compensated")
        .as("a failing branch: the group is undone from its last branch")
        .contains("s1 -.->|\"travel.flight.rejected.v1 (after the other branches settle)\"| c2")
        .contains("s2 -.->|\"no reply after 1 attempt (after the other branches settle)\"| c2")
        .as("quotes in a step name are escaped").contains("s3[\"say #quot;hello#quot;<br/>local\"]")
        .as("a declined charge undoes the step before it").contains("s4 -.->|\"payment.card.declined.v1\"| c3")
        .as("a step without compensation is skipped in the chain").contains("c1 --> compensated")
        .contains("c3 --> c2", "c2 --> c1", "c3 -.->|\"retries exhausted\"| compensationFailed")
        .doesNotContain("c0", "c4");
  }

  @Test
  void theCurrentStepOrCompensationOrFinalStatusIsMarked() {
    assertThat(SagaDiagram.mermaid(TRIP, "book-hotel", StepPhase.EXECUTE)).endsWith("  class s2 current\n")
        .contains("classDef current");
    assertThat(SagaDiagram.mermaid(TRIP, "book-hotel", StepPhase.COMPENSATE)).endsWith("  class c2 current\n");
    assertThat(SagaDiagram.mermaid(TRIP, "open-file", StepPhase.COMPENSATE)).as("no compensation: the step")
        .endsWith("  class s0 current\n");
    assertThat(SagaDiagram.mermaid(TRIP, view(SagaStatus.COMPENSATING, SagaDirection.COMPENSATING, "say \"hello\"")))
        .endsWith("  class c3 current\n");
    assertThat(SagaDiagram.mermaid(TRIP, view(SagaStatus.COMPLETED, SagaDirection.EXECUTING, null)))
        .endsWith("  class completed current\n");
    assertThat(SagaDiagram.mermaid(TRIP, view(SagaStatus.COMPENSATION_FAILED, SagaDirection.COMPENSATING, "charge")))
        .endsWith("  class compensationFailed current\n");
  }

  @Test
  void anUnknownStepOrAnotherSagasViewIsRefusedNamingIt() {
    assertThatThrownBy(() -> SagaDiagram.mermaid(TRIP, "pay", StepPhase.EXECUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'trip.book' v2 has no step 'pay'");
    SagaView other = new SagaView(UUID.randomUUID(), "order.place", 2, SagaStatus.RUNNING, SagaDirection.EXECUTING, "x", 1,
        "{}", null, null, null, Instant.EPOCH, Instant.EPOCH, List.of());
    assertThatThrownBy(() -> SagaDiagram.mermaid(TRIP, other)).hasMessageContaining("is order.place v2, not trip.book v2");
  }

  @Test
  void theSameDefinitionAlwaysRendersTheSameText() {
    assertThat(SagaDiagram.mermaid(TRIP)).isEqualTo(SagaDiagram.mermaid(TRIP));
  }

  static SagaView view(SagaStatus status, SagaDirection direction, String step) {
    return new SagaView(UUID.randomUUID(), "trip.book", 2, status, direction, step, 1, "{}", null, null, null,
        Instant.EPOCH, Instant.EPOCH, List.of());
  }
}
