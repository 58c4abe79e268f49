package dev.natsaga.saga.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for saga state, command payloads and reply payloads through one shared {@link ObjectMapper}
 * (Java time as ISO-8601 strings, unknown properties ignored so state classes can evolve).
 */
public final class SagaJson {

  private static final ObjectMapper SHARED = configure(new ObjectMapper());
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

  private final ObjectMapper mapper;

  public SagaJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** @return a codec over the shared mapper */
  public static SagaJson shared() {
    return new SagaJson(SHARED);
  }

  /** @return the shared, configured mapper; do not reconfigure it */
  public static ObjectMapper sharedMapper() {
    return SHARED;
  }

  /** Applies natsaga's settings to a mapper. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper.registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public String write(Object value, String what) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " does not serialize to JSON: " + e.getOriginalMessage(), e);
    }
  }

  public <T> T read(String json, Class<T> type, String what) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " does not bind to " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** @throws IOException when the bytes do not bind; callers turn this into an ignored, logged reply */
  public <T> T readBytes(byte[] json, Class<T> type) throws IOException {
    return mapper.readValue(json, type);
  }

  public String writeHeaders(Map<String, String> headers) {
    return write(headers, "outbox headers");
  }

  public Map<String, String> readHeaders(String json) {
    try {
      return mapper.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outbox headers are not a JSON object of strings: " + e.getOriginalMessage(), e);
    }
  }
}
