package dev.natsaga.framework.payload;

import dev.natsaga.framework.consume.HandlerInfo;
import io.cloudevents.CloudEvent;
import java.util.List;

/**
 * The ordered {@link PayloadStage}s of a service. Outgoing events pass the stages in registration order, incoming
 * events in reverse order, so a stage registered after another sees what the other produced on the way out and hands
 * it back undone on the way in: register validation first, then encryption, then claim-checks and size budgets.
 *
 * <pre>{@code
 * PayloadPipeline pipeline = PayloadPipeline.of(List.of(validation, encryption, claimCheck));
 * }</pre>
 */
public final class PayloadPipeline {

  /** No stages: events pass unchanged, at no cost. */
  public static final PayloadPipeline NONE = new PayloadPipeline(List.of());

  private final List<PayloadStage> stages;

  private PayloadPipeline(List<PayloadStage> stages) {
    this.stages = List.copyOf(stages);
  }

  /** A pipeline of {@code stages} in this order. */
  public static PayloadPipeline of(List<PayloadStage> stages) {
    return stages.isEmpty() ? NONE : new PayloadPipeline(stages);
  }

  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /** Runs the outgoing side of every stage, in order. */
  public CloudEvent outgoing(CloudEvent event) {
    CloudEvent current = event;
    for (PayloadStage stage : stages) {
      current = stage.outgoing(current);
    }
    return current;
  }

  /** Runs the incoming side of every stage, in reverse order. */
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    CloudEvent current = event;
    for (int i = stages.size() - 1; i >= 0; i--) {
      current = stages.get(i).incoming(current, handler);
    }
    return current;
  }

  /** Runs every stage's {@link PayloadStage#redact} over a text about to be logged or dead-lettered. */
  public String redact(String text) {
    String current = text;
    for (PayloadStage stage : stages) {
      current = current == null ? null : stage.redact(current);
    }
    return current;
  }
}
