package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a structured-mode JSON CloudEvent in one pass: the attributes with a streaming generator, a
 * {@link PojoData} serialized by the same generator, other JSON data copied in as it is, byte for byte.
 * The output is what the CloudEvents SDK's {@code JsonFormat} writes (same members, same order) wherever
 * the SDK follows the JSON format, without its detour of turning the data bytes into a {@code String} and
 * a {@code char[]} first.
 *
 * <p>Data (JSON format §3.1.1): when {@code datacontenttype} declares JSON ({@link MediaTypes#isJson}, in
 * any case, with any parameters), or is absent and the data is a JSON value in memory, it goes in
 * {@code data} as a JSON value; bytes declared as JSON must be one JSON value, else the encode fails (the
 * encoder never writes invalid JSON). Anything else (data declared as another format, bytes without a
 * {@code datacontenttype}) goes in {@code data_base64}. Extensions: booleans and Integers as JSON booleans
 * and numbers, every other value as its canonical string ({@link AttributeValues#canonical}).
 */
final class StructuredJsonEncoder {

  private static final int ENVELOPE_BYTES = 1024;
  private static final byte[] DATA_MEMBER = ",\"data\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ObjectMapper mapper = new ObjectMapper();

  byte[] encode(CloudEvent event) {
    CloudEventData data = event.getData();
    String contentType = event.getDataContentType();
    boolean json = data != null && (contentType != null ? MediaTypes.isJson(contentType) : BinaryMode.isJsonValue(data));
    byte[] raw = data == null || (json && (data instanceof JsonCloudEventData || data instanceof PojoData || data instanceof JsonDataSlice))
        ? null : data.toBytes();
    if (json && raw != null) {
      requireOneJsonValue(event, raw);
    }
    // a recycled buffer: the only copy is the final one into a byte[] of the exact size
    ByteArrayBuilder out = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler(), ENVELOPE_BYTES + (raw == null ? 0 : raw.length));
    try {
      return write(event, json, raw, out);
    } finally {
      out.release();
    }
  }

  private byte[] write(CloudEvent event, boolean json, byte[] raw, ByteArrayBuilder out) {
    CloudEventData data = event.getData();
    JsonDataSlice slice = json && data instanceof JsonDataSlice s ? s : null;
    boolean copyIn = json && (raw != null || slice != null);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
      gen.writeStartObject();
      writeAttributes(gen, event);
      if (json && data instanceof JsonCloudEventData tree) {
        gen.writeFieldName("data");
        gen.writeTree(tree.getNode());
      } else if (json && data instanceof PojoData pojo) {
        gen.writeFieldName("data");
        pojo.writeTo(gen);
      } else if (!json && raw != null) {
        gen.writeFieldName("data_base64");
        gen.writeBinary(raw);
      }
      if (!copyIn) {
        gen.writeEndObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CloudEvent " + event.getId() + " as JSON", e);
    }
    if (copyIn) {
      // the generator stopped after the attributes, before the closing brace: the data goes in as it is
      out.write(DATA_MEMBER);
      if (slice != null) {
        out.write(slice.array(), slice.offset(), slice.length());
      } else {
        out.write(raw);
      }
      out.write('}');
    }
    return out.toByteArray();
  }

  /** Bytes declared as JSON are copied in as they are: they must be exactly one JSON value. */
  private void requireOneJsonValue(CloudEvent event, byte[] raw) {
    try (JsonParser parser = mapper.getFactory().createParser(raw)) {
      JsonToken first = parser.nextToken();
      if (first != null) {
        parser.skipChildren();
        if (parser.nextToken() == null) {
          return;
        }
      }
    } catch (IOException e) {
      // reported below
    }
    throw new IllegalArgumentException("event " + event.getId() + ": data declared as '" + event.getDataContentType()
        + "' is not one JSON value; declare another datacontenttype (it is then sent as data_base64) or send JSON");
  }

  private static void writeAttributes(JsonGenerator gen, CloudEvent event) throws IOException {
    gen.writeStringField("specversion", event.getSpecVersion().toString());
    gen.writeStringField("id", event.getId());
    gen.writeStringField("source", event.getSource().toString());
    gen.writeStringField("type", event.getType());
    writeIfPresent(gen, "datacontenttype", event.getDataContentType());
    writeIfPresent(gen, "dataschema", event.getDataSchema());
    writeIfPresent(gen, "subject", event.getSubject());
    writeIfPresent(gen, "time", event.getTime());
    for (String name : event.getExtensionNames()) {
      writeExtension(gen, name, event.getExtension(name));
    }
  }

  private static void writeIfPresent(JsonGenerator gen, String name, Object value) throws IOException {
    if (value != null) {
      gen.writeStringField(name, AttributeValues.canonical(value));
    }
  }

  private static void writeExtension(JsonGenerator gen, String name, Object value) throws IOException {
    if (value instanceof Boolean b) {
      gen.writeBooleanField(name, b);
    } else if (value instanceof Integer i) {
      gen.writeNumberField(name, i);
    } else {
      writeIfPresent(gen, name, value);
    }
  }
}
