package dev.natsaga.framework.codec;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.natsaga.framework.codec.JsonDataSlice;
import dev.natsaga.framework.codec.PojoData;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serializes payloads and binds event data to handler classes, with one cached reader per class. */
public final class PayloadCodec {

  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  public PayloadCodec(ObjectMapper mapper) {
    this.mapper = mapper;
    this.writer = mapper.writer();
  }

  /** The data of an outgoing event: null stays null, bytes stay bytes, anything else is serialized when it is written. */
  public CloudEventData toData(Object payload) {
    if (payload == null) {
      return null;
    }
    if (payload instanceof byte[] bytes) {
      return BytesCloudEventData.wrap(bytes);
    }
    return new PojoData(payload, writer);
  }

  /** Binds the event's data to {@code type}; {@link PayloadBindingException} when it does not fit. */
  @SuppressWarnings("unchecked")
  public <T> T bind(CloudEvent event, Class<T> type) throws PayloadBindingException {
    CloudEventData data = event.getData();
    if (type == CloudEvent.class) {
      return (T) event;
    }
    if (data == null) {
      if (type == Void.class) {
        return null;
      }
      throw new PayloadBindingException("event has no data but the handler expects " + type.getSimpleName());
    }
    if (type == byte[].class) {
      return (T) data.toBytes();
    }
    try {
      ObjectReader reader = readers.computeIfAbsent(type, mapper::readerFor);
      if (data instanceof JsonDataSlice json) {
        return reader.readValue(json.array(), json.offset(), json.length());
      }
      if (data instanceof JsonCloudEventData json) {
        return reader.readValue(json.getNode());
      }
      return reader.readValue(data.toBytes());
    } catch (IOException | IllegalArgumentException e) {
      throw new PayloadBindingException("data does not bind to " + type.getSimpleName() + field(e) + ": " + firstLine(e), e);
    }
  }

  /** The data as a JSON tree (for dead letters and diagnostics). */
  public JsonNode tree(CloudEvent event) throws IOException {
    CloudEventData data = event.getData();
    if (data instanceof JsonCloudEventData json) {
      return json.getNode();
    }
    if (data instanceof JsonDataSlice json) {
      return mapper.readTree(json.array(), json.offset(), json.length());
    }
    return data == null ? null : mapper.readTree(data.toBytes());
  }

  /** " at field 'items[2].price'" for a mapping error with a path, else "". */
  private static String field(Exception e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "" : " at field '" + path + "'";
  }

  private static String firstLine(Exception e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }
}
