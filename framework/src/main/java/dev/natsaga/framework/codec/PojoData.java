package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cloudevents.CloudEventData;
import java.io.IOException;
import java.util.Arrays;

/**
 * The data of an outgoing event as the Java object it is, serialized to JSON only when the event is
 * written: in structured mode straight into the envelope by the one generator that writes it (no
 * intermediate bytes, no copy), in binary mode through {@link #toBytes()}. Serialized with the
 * framework's configured mapper; a value it cannot serialize fails the publish with an
 * {@link IllegalArgumentException} naming the payload type.
 *
 * <pre>{@code
 * CloudEventData data = new PojoData(new Confirmed("b-42", 4200), mapper.writer());
 * }</pre>
 */
public final class PojoData implements CloudEventData {

  private final Object value;
  private final ObjectWriter writer;

  public PojoData(Object value, ObjectWriter writer) {
    this.value = value;
    this.writer = writer;
  }

  public Object value() {
    return value;
  }

  /** Writes the value as the next JSON value of {@code gen}. */
  void writeTo(JsonGenerator gen) throws IOException {
    try {
      writer.writeValue(gen, value);
    } catch (JsonProcessingException e) {
      throw notSerializable(e);
    }
  }

  @Override
  public byte[] toBytes() {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw notSerializable(e);
    }
  }

  private IllegalArgumentException notSerializable(JsonProcessingException e) {
    return new IllegalArgumentException("payload of type " + value.getClass().getName() + " cannot be serialized to JSON: "
        + e.getOriginalMessage(), e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudEventData other && Arrays.equals(toBytes(), other.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toBytes());
  }

  @Override
  public String toString() {
    return "PojoData[" + value.getClass().getSimpleName() + "]";
  }
}
