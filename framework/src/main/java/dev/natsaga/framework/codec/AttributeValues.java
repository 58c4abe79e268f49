package dev.natsaga.framework.codec;

import java.net.URI;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed context attributes read from their text, the same in both content modes: URI-references ({@code source},
 * {@code dataschema}) and the RFC 3339 {@code time}; and attribute values written as their type's canonical
 * string (CloudEvents §2, type system). A refused value names the attribute and the value.
 */
final class AttributeValues {

  /** Sources and schemas repeat from message to message; parsing a URI each time showed in the profile. */
  private static final int URI_CACHE_LIMIT = 4096;
  private static final Map<String, URI> URIS = new ConcurrentHashMap<>();

  private AttributeValues() {
  }

  static URI uri(String attribute, String value) throws InvalidCloudEventException {
    URI cached = URIS.get(value);
    if (cached != null) {
      return cached;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (Exception e) {
      throw new InvalidCloudEventException("attribute '" + attribute + "' is not a URI-reference: '" + value + "'");
    }
    if (URIS.size() < URI_CACHE_LIMIT) {
      URIS.put(value, uri);
    }
    return uri;
  }

  static OffsetDateTime time(String value) throws InvalidCloudEventException {
    try {
      return Rfc3339.parse(value);
    } catch (DateTimeException e) {
      throw new InvalidCloudEventException("attribute 'time' is not an RFC 3339 timestamp: '" + value + "'");
    }
  }

  /**
   * The canonical string of an attribute value: Boolean {@code true}/{@code false}, Integer in decimal,
   * Binary in base64, Timestamp in RFC 3339 (with its seconds), URI and String as they are. A number that is
   * not an Integer (a {@code Long}, a {@code BigDecimal}) is written as its decimal text, a String, as the
   * CloudEvents SDK does, since CloudEvents has no type for it.
   */
  static String canonical(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof OffsetDateTime time) {
      return Rfc3339.format(time);
    }
    if (value instanceof byte[] binary) {
      return Base64.getEncoder().encodeToString(binary);
    }
    return value.toString();
  }
}
