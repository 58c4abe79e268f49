package dev.natsaga.framework.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * Writes a structured-mode JSON CloudEvent in one pass: the attributes with a streaming generator, a
 * {@link PojoData} serialized by the same generator, other JSON data copied in as it is, byte for byte. The output is what the CloudEvents SDK's
 * {@code JsonFormat} writes (same members, same order), without its detour of turning the data bytes
 * into a {@code String} and a {@code char[]} first. Non-JSON data goes into {@code data_base64}.
 */
final class StructuredJsonEncoder {

  private static final int ENVELOPE_BYTES = 1024;
  private static final byte[] DATA_MEMBER = ",\"data\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ObjectMapper mapper = new ObjectMapper();

  byte[] encode(CloudEvent event) {
    CloudEventData data = event.getData();
    boolean json = StructuredJsonDecoder.isJson(event.getDataContentType());
    PojoData pojo = json && data instanceof PojoData p ? p : null;
    byte[] bytes = data == null || data instanceof JsonCloudEventData || pojo != null ? null : data.toBytes();
    // a recycled buffer: the only copy is the final one into a byte[] of the exact size
    ByteArrayBuilder out = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler(), ENVELOPE_BYTES + (bytes == null ? 0 : bytes.length));
    try {
      return write(event, data, pojo, bytes, bytes != null && json, out);
    } finally {
      out.release();
    }
  }

  private byte[] write(CloudEvent event, CloudEventData data, PojoData pojo, byte[] bytes, boolean rawJson, ByteArrayBuilder out) {
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
      gen.writeStartObject();
      writeAttributes(gen, event);
      if (data instanceof JsonCloudEventData tree) {
        gen.writeFieldName("data");
        gen.writeTree(tree.getNode());
      } else if (pojo != null) {
        gen.writeFieldName("data");
        pojo.writeTo(gen);
      } else if (bytes != null && !rawJson) {
        gen.writeFieldName("data_base64");
        gen.writeBinary(bytes);
      }
      if (!rawJson) {
        gen.writeEndObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CloudEvent " + event.getId() + " as JSON", e);
    }
    if (rawJson) {
      // the generator stopped after the attributes, before the closing brace: the data goes in as it is
      out.write(DATA_MEMBER);
      out.write(bytes);
      out.write('}');
    }
    return out.toByteArray();
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
      gen.writeStringField(name, text(value));
    }
  }

  private static void writeExtension(JsonGenerator gen, String name, Object value) throws IOException {
    if (value instanceof Boolean b) {
      gen.writeBooleanField(name, b);
    } else if (value instanceof Integer i) {
      gen.writeNumberField(name, i);
    } else if (value instanceof Number n) {
      gen.writeFieldName(name);
      gen.writeNumber(n.toString());
    } else if (value instanceof byte[] binary) {
      gen.writeStringField(name, Base64.getEncoder().encodeToString(binary));
    } else if (value != null) {
      gen.writeStringField(name, text(value));
    }
  }

  private static String text(Object value) {
    return value instanceof OffsetDateTime time ? Rfc3339.format(time) : value.toString();
  }
}
