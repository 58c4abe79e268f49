package dev.natsaga.schema.internal;

import dev.natsaga.schema.SchemaLimits;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON into the validator's trees (Jackson 3, which the validator uses) under {@link SchemaLimits}: nesting depth,
 * string length and document size are checked while parsing, so a hostile payload fails fast instead of filling memory.
 */
public final class BoundedJson {

  private final JsonMapper mapper;
  private final int maxBytes;

  public BoundedJson(SchemaLimits limits) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth())
        .maxStringLength(limits.maxStringLength())
        .maxDocumentLength(limits.maxDataBytes())
        .maxNumberLength(100)
        .build();
    this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints)
        .recyclerPool(JsonRecyclerPools.threadLocalPool()).build()).build();
    this.maxBytes = limits.maxDataBytes();
  }

  /** The tree of {@code json}; {@link JsonLimitException} when it breaks a limit or is not JSON. */
  public JsonNode read(byte[] json) {
    return read(json, 0, json.length);
  }

  /** The tree of {@code length} bytes of JSON at {@code offset}. */
  public JsonNode read(byte[] json, int offset, int length) {
    if (length > maxBytes) {
      throw new JsonLimitException("data is " + length + " bytes, over the validation limit of " + maxBytes);
    }
    try {
      return mapper.readTree(json, offset, length);
    } catch (RuntimeException e) {
      throw new JsonLimitException(firstLine(e.getMessage()));
    }
  }

  /** The tree of {@code json} text. */
  public JsonNode read(String json) {
    return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The mapper (for writing trees back to bytes). */
  public JsonMapper mapper() {
    return mapper;
  }

  private static String firstLine(String message) {
    String m = message == null ? "unreadable JSON" : message;
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  /** JSON that breaks a limit or does not parse. */
  public static final class JsonLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonLimitException(String message) {
      super(message);
    }
  }
}
