package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Lean events: a size budget per type for the data of every outgoing event; a publish over it is refused naming the
 * size and the budget, before anything is sent. Register it after a {@link ClaimCheck}, so the budget applies to what
 * goes on the wire.
 *
 * <pre>{@code
 * SizeBudget budget = SizeBudget.builder().defaultBudget(16 * 1024).budget("report.pdf.rendered.v1", 1024).build();
 * }</pre>
 */
public final class SizeBudget implements PayloadStage {

  private final int defaultBudget;
  private final Map<String, Integer> budgets;

  private SizeBudget(Builder b) {
    this.defaultBudget = b.defaultBudget;
    this.budgets = Map.copyOf(b.budgets);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The budget of {@code type} in bytes. */
  public int budgetOf(String type) {
    return budgets.getOrDefault(type, defaultBudget);
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    byte[] data = PayloadJson.bytes(event);
    int budget = budgetOf(event.getType());
    if (data != null && data.length > budget) {
      throw new PayloadRefusedException("publish of " + event.getType() + " refused: its data is " + data.length
          + " bytes, over the type's size budget of " + budget + " bytes (keep events lean: send a reference, or use a ClaimCheck)");
    }
    return event;
  }

  /** Builds a {@link SizeBudget}. */
  public static final class Builder {
    private int defaultBudget = Integer.MAX_VALUE;
    private final Map<String, Integer> budgets = new HashMap<>();

    /** The budget of every type without its own (default: none). */
    public Builder defaultBudget(int bytes) {
      this.defaultBudget = positive(bytes);
      return this;
    }

    /** The budget of one type. */
    public Builder budget(String type, int bytes) {
      budgets.put(EventType.parse(type).name(), positive(bytes));
      return this;
    }

    public SizeBudget build() {
      return new SizeBudget(this);
    }

    private static int positive(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("a size budget must be at least 1 byte, was " + bytes);
      }
      return bytes;
    }
  }
}
