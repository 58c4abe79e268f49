package dev.natsaga.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upcaster chains per type, as a framework payload stage: a handler registered for {@code x.v3} with
 * {@link dev.natsaga.framework.HandlerRegistration.Builder#acceptOlderVersions()} receives {@code x.v1} and
 * {@code x.v2} events upcast step by step ({@code v1 → v2 → v3}), on live consumption and on replay. Each step's result
 * is validated against the next version's schema (a failure dead-letters the event as {@code schema-violation}).
 *
 * <p>{@link Builder#build()} validates the chains: no gaps between the first and last version, a schema for every
 * version, and each schema's {@code examples} (or a generated sample when it has none) upcast into data that validates
 * against the next schema.
 *
 * <pre>{@code
 * Upcasters upcasters = Upcasters.builder(catalog)
 *     .step("shop.order.placed.v1", d -> { d.set("amountMinor", d.remove("amount")); return d.put("currency", "EUR"); })
 *     .step("shop.order.placed.v2", d -> { ... return d; })
 *     .build();                                  // fails here, naming the problem, when a chain is broken
 * Natsaga.builder(options).payloadStage(upcasters).payloadStage(validation);   // upcasters before validation
 * }</pre>
 */
public final class Upcasters implements PayloadStage {

  private static final ObjectMapper MAPPER = Json.mapper();

  private final SchemaCatalog catalog;
  /** From-type name to its step. */
  private final Map<String, Upcaster> steps;

  private Upcasters(Builder b) {
    this.catalog = b.catalog;
    this.steps = Map.copyOf(b.steps);
  }

  /** Starts a set of chains whose results are validated against the schemas of {@code catalog}. */
  public static Builder builder(SchemaCatalog catalog) {
    return new Builder(Objects.requireNonNull(catalog, "catalog"));
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    EventType target = handler.type();
    String type = event.getType();
    if (type == null || type.equals(target.name()) || !type.startsWith(family(target))) {
      return event;
    }
    EventType from;
    try {
      from = EventType.parse(type);
    } catch (IllegalArgumentException e) {
      return event;
    }
    if (from.version() >= target.version() || !steps.containsKey(type)) {
      return event; // newer than the handler, or no chain: the framework dead-letters it as unknown-type
    }
    byte[] data = upcast(event.getId(), PayloadJson.bytes(event), from, target);
    return PayloadJson.withTypeAndData(event, target.name(), data);
  }

  /** Upcasts JSON {@code data} of type {@code from} to {@code target}, step by step, validating each result. */
  public byte[] upcast(String eventId, byte[] data, EventType from, EventType target) throws PayloadRejectedException {
    ObjectNode node = readObject(eventId, data, from);
    for (int v = from.version(); v < target.version(); v++) {
      EventType at = EventType.parse(family(from) + v);
      EventType next = EventType.parse(family(from) + (v + 1));
      Upcaster step = steps.get(at.name());
      if (step == null) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, "no upcaster from " + at + " to " + next);
      }
      try {
        node = step.upcast(node);
      } catch (RuntimeException e) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, "upcasting " + at + " to " + next + " failed: " + e);
      }
      List<SchemaViolation> violations = catalog.validate(next, bytes(node));
      if (!violations.isEmpty()) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION,
            "upcast of " + eventId + " from " + at + ": " + SchemaValidation.describe(catalog.require(next), violations));
      }
    }
    return bytes(node);
  }

  private static ObjectNode readObject(String eventId, byte[] data, EventType type) throws PayloadRejectedException {
    try {
      JsonNode node = data == null ? null : MAPPER.readTree(data);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, "event " + eventId + " of " + type
        + " has no JSON object data to upcast");
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write upcast data: " + e.getMessage(), e);
    }
  }

  /** {@code shop.order.placed.v} for {@code shop.order.placed.v3}. */
  static String family(EventType type) {
    return type.name().substring(0, type.name().lastIndexOf('.') + 2);
  }

  /** Builds {@link Upcasters}; {@link #build()} validates every chain. */
  public static final class Builder {
    private final SchemaCatalog catalog;
    private final Map<String, Upcaster> steps = new TreeMap<>();

    private Builder(SchemaCatalog catalog) {
      this.catalog = catalog;
    }

    /** Registers the step from {@code fromType} ({@code x.vN}) to {@code x.v(N+1)}. */
    public Builder step(String fromType, Upcaster upcaster) {
      EventType from = EventType.parse(fromType);
      if (steps.putIfAbsent(from.name(), Objects.requireNonNull(upcaster, "upcaster")) != null) {
        throw new IllegalArgumentException("two upcasters from " + from + "; register one step per version");
      }
      return this;
    }

    /**
     * Validates the chains and builds the stage.
     *
     * @throws IllegalStateException listing every problem: a gap, a missing schema, an example that upcasts into
     *     invalid data
     */
    public Upcasters build() {
      Upcasters upcasters = new Upcasters(this);
      List<String> problems = new ArrayList<>();
      Map<String, List<Integer>> versions = new TreeMap<>();
      steps.keySet().forEach(t -> versions.computeIfAbsent(family(EventType.parse(t)), f -> new ArrayList<>())
          .add(EventType.parse(t).version()));
      versions.forEach((family, vs) -> checkChain(upcasters, family, vs, problems));
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid upcaster chain(s):\n  " + String.join("\n  ", problems));
      }
      return upcasters;
    }

    private void checkChain(Upcasters upcasters, String family, List<Integer> versions, List<String> problems) {
      int first = versions.get(0);
      int last = versions.get(versions.size() - 1);
      for (int v = first; v <= last; v++) {
        if (!versions.contains(v)) {
          problems.add("gap: no upcaster from " + family + v + " to " + family + (v + 1));
        }
      }
      for (int v = first; v <= last + 1; v++) {
        if (catalog.find(EventType.parse(family + v)).isEmpty()) {
          problems.add("no schema for " + family + v + " (each version of a chain needs one)");
        }
      }
      if (!problems.isEmpty()) {
        return;
      }
      for (int v : versions) {
        checkStep(upcasters, EventType.parse(family + v), EventType.parse(family + (v + 1)), problems);
      }
    }

    private void checkStep(Upcasters upcasters, EventType from, EventType to, List<String> problems) {
      SchemaDocument doc = catalog.require(from);
      List<String> samples = doc.examples();
      if (samples.isEmpty()) {
        samples = List.of(SampleData.generate(doc));
      }
      for (String sample : samples) {
        try {
          upcasters.upcast("example", sample.getBytes(java.nio.charset.StandardCharsets.UTF_8), from, to);
        } catch (PayloadRejectedException e) {
          problems.add("the " + from + " example " + sample + ": " + e.getMessage());
        }
      }
    }
  }
}
