package dev.natsaga.sample.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A JSON object request body with typed, validating getters: every problem is a 400 that names the
 * field ({@code "field 'amount' must be a positive integer"}).
 *
 * <pre>{@code
 * JsonBody body = request.json();
 * String customer = body.text("customerId");
 * long amount = body.positiveLong("amount");
 * }</pre>
 */
public final class JsonBody {

  /** A body is one JSON value: anything after it ({@code {...} garbage}, a second object) is a 400, not ignored. */
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final JsonNode node;
  /** Where this object sits in the body, e.g. {@code card.} for a nested object; empty at the top. */
  private final String path;

  private JsonBody(JsonNode node) {
    this(node, "");
  }

  private JsonBody(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses a body that must be a JSON object. */
  public static JsonBody parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw HttpError.badRequest("request body is required (a JSON object)");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw HttpError.badRequest("request body must be a JSON object");
      }
      return new JsonBody(node);
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpError.badRequest("request body cannot be read: " + e.getMessage());
    }
  }

  /** A required non-blank string of at most 200 characters. */
  public String text(String field) {
    JsonNode v = required(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw HttpError.badRequest("field '" + path + field + "' must be a non-empty string");
    }
    if (v.asText().length() > 200) {
      throw HttpError.badRequest("field '" + path + field + "' must be at most 200 characters");
    }
    return v.asText();
  }

  /** A required integer greater than zero. */
  public long positiveLong(String field) {
    JsonNode v = required(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
      throw HttpError.badRequest("field '" + path + field + "' must be a positive integer");
    }
    return v.asLong();
  }

  /** A required RFC 3339 timestamp such as {@code 2026-12-01T10:00:00Z}. */
  public OffsetDateTime timestamp(String field) {
    String raw = text(field);
    try {
      return OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest("field '" + path + field + "' must be an RFC 3339 timestamp such as 2026-12-01T10:00:00Z");
    }
  }

  /** A required three-letter upper-case currency code. */
  public String currency(String field) {
    String raw = text(field);
    if (!raw.matches("[A-Z]{3}")) {
      throw HttpError.badRequest("field '" + path + field + "' must be a three-letter ISO 4217 code such as EUR");
    }
    return raw;
  }

  /**
   * An optional nested JSON object: empty when the field is absent or null; its getters name fields with this one's
   * name in front ({@code card.number}).
   */
  public java.util.Optional<JsonBody> optionalObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return java.util.Optional.empty();
    }
    if (!v.isObject()) {
      throw HttpError.badRequest("field '" + path + field + "' must be a JSON object");
    }
    return java.util.Optional.of(new JsonBody(v, path + field + "."));
  }

  private JsonNode required(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw HttpError.badRequest("field '" + path + field + "' is required");
    }
    return v;
  }
}
