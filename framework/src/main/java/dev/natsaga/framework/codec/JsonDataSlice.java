package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cloudevents.CloudEventData;
import java.io.IOException;
import java.util.Arrays;

/**
 * The {@code data} of a structured JSON CloudEvent as the bytes of its JSON value, where they lie in
 * the received message: nothing is copied or parsed until the handler's payload is bound from them
 * ({@link #toBytes()} copies). Two slices, or a slice and any other {@link CloudEventData}, are equal
 * when their bytes are.
 *
 * <pre>{@code
 * if (event.getData() instanceof JsonDataSlice json) {
 *   Order order = reader.readValue(json.array(), json.offset(), json.length());
 * }
 * }</pre>
 */
public final class JsonDataSlice implements CloudEventData {

  private final byte[] array;
  private final int offset;
  private final int length;
  private final String stringValue;

  private JsonDataSlice(byte[] array, int offset, int length, String stringValue) {
    this.array = array;
    this.offset = offset;
    this.length = length;
    this.stringValue = stringValue;
  }

  /** The value the parser stands on (its first token), which is consumed; {@code json} is what the parser reads. */
  static JsonDataSlice of(JsonParser parser, byte[] json) throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    JsonToken token = parser.currentToken();
    String text = null;
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
    } else if (token == JsonToken.VALUE_STRING) {
      text = parser.getText();
    }
    int end = (int) parser.currentLocation().getByteOffset();
    return new JsonDataSlice(json, start, end - start, text);
  }

  /** The message bytes the value lies in (not a copy: do not change them). */
  public byte[] array() {
    return array;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** The value's text when it is a JSON string, else null. */
  public String stringValue() {
    return stringValue;
  }

  @Override
  public byte[] toBytes() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof JsonDataSlice s) {
      return Arrays.equals(array, offset, offset + length, s.array, s.offset, s.offset + s.length);
    }
    return o instanceof CloudEventData other && Arrays.equals(toBytes(), other.toBytes());
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + array[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "JsonDataSlice[" + length + " bytes]";
  }
}
