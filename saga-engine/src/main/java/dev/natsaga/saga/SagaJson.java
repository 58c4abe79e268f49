package dev.natsaga.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.Json;
import java.io.IOException;

/**
 * JSON for saga state, command payloads and reply payloads. It builds on the framework's one Jackson configuration
 * ({@link Json}): the same mapper binds events, commands, replies and saga state, so they follow the same rules
 * (java.time as ISO-8601, unknown properties ignored so state classes can evolve, a missing primitive refused).
 * Pass a mapper of your own only to {@link SagaEngine.Builder#objectMapper}; start it from {@link Json#create()}.
 *
 * <pre>{@code
 * SagaJson json = SagaJson.shared();
 * String stateJson = json.write(state, "state of saga " + id);
 * BookingState back = json.read(stateJson, BookingState.class, "state of saga " + id);
 * }</pre>
 */
public final class SagaJson {

  private static final SagaJson SHARED = new SagaJson(Json.mapper());

  private final ObjectMapper mapper;

  public SagaJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** @return a codec over the framework's shared mapper */
  public static SagaJson shared() {
    return SHARED;
  }

  /** Serializes {@code value}; {@code what} names it in the error. */
  public String write(Object value, String what) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " does not serialize to JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Binds {@code json} to {@code type}; {@code what} names it in the error. */
  public <T> T read(String json, Class<T> type, String what) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " does not bind to " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The top-level fields of {@code afterJson} that differ from {@code beforeJson} (a removed field as null), as a JSON
   * object; null when nothing changed or either side is not a JSON object.
   */
  public String changedFields(String beforeJson, String afterJson) {
    try {
      JsonNode before = mapper.readTree(beforeJson);
      JsonNode after = mapper.readTree(afterJson);
      if (!before.isObject() || !after.isObject() || before.equals(after)) {
        return null;
      }
      ObjectNode changed = mapper.createObjectNode();
      after.fields().forEachRemaining(f -> {
        if (!f.getValue().equals(before.get(f.getKey()))) {
          changed.set(f.getKey(), f.getValue());
        }
      });
      before.fieldNames().forEachRemaining(name -> {
        if (!after.has(name)) {
          changed.putNull(name);
        }
      });
      return changed.isEmpty() ? null : mapper.writeValueAsString(changed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("saga state is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** @throws IOException when the bytes do not bind; callers turn this into an ignored, logged reply */
  public <T> T readBytes(byte[] json, Class<T> type) throws IOException {
    return mapper.readValue(json, type);
  }
}
