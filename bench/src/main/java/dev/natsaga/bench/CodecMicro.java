package dev.natsaga.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.codec.PayloadCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Per-message CPU of the framework's encode and decode paths (both content modes) against raw's, the
 * CloudEvents SDK's {@code JsonFormat} and two prototypes of a cheaper codec (one-pass generator,
 * streaming parser), single-threaded, no NATS, in CPU time of the measuring thread: what a codec
 * change would buy before it is made, or cost after. Not part of the suite.
 *
 * <pre>
 * java -cp bench/target/natsaga-bench.jar dev.natsaga.bench.CodecMicro [messages per round, default 100000]
 * </pre>
 */
public final class CodecMicro {

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final ObjectReader PAYLOAD = MAPPER.readerFor(Payloads.OrderPlaced.class);
  private static final JsonFactory JSON = MAPPER.getFactory();
  private static final JsonFormat SDK_FORMAT = new JsonFormat();
  /** CPU time of this thread, not wall time: on a shared machine the wall clock also counts other processes. */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile long sink;

  private CodecMicro() {
  }

  /** Something measured once per call; returns a value so the JIT cannot drop the work. */
  @FunctionalInterface
  private interface Work {
    long run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    CloudEventCodec codec = new CloudEventCodec();
    PayloadCodec payloads = new PayloadCodec(MAPPER);
    EventFactory factory = new EventFactory(Payloads.SERVICE, payloads);
    RawCloudEvents raw = new RawCloudEvents();
    EventType type = EventType.parse(Payloads.TYPE);
    String subject = Environment.of("pf001").subject(type);

    System.out.println("-- encode (publish path, before jnats) --");
    time("framework: OutgoingEvent.event(String) + create + encode", n, () -> {
      OutgoingEvent<?> e = OutgoingEvent.event(Payloads.TYPE, Payloads.order(1)).subject(Payloads.ORDER_ID).build();
      return codec.encode(subject, factory.create(e), ContentMode.STRUCTURED).getData().length;
    });
    time("  EventType.parse", n, () -> EventType.parse(Payloads.TYPE).hashCode());
    time("  OutgoingEvent.event(EventType) + build (incl. UUID)", n,
        () -> OutgoingEvent.event(type, Payloads.order(1)).subject(Payloads.ORDER_ID).build().hashCode());
    CloudEvent built = factory.create(OutgoingEvent.event(type, Payloads.order(1)).subject(Payloads.ORDER_ID).build());
    time("  CloudEventCodec.encode only", n, () -> codec.encode(subject, built, ContentMode.STRUCTURED).getData().length);
    time("  CloudEventCodec.encode only, binary mode", n, () -> codec.encode(subject, built, ContentMode.BINARY).getData().length);
    time("sdk: JsonFormat.serialize only", n, () -> SDK_FORMAT.serialize(built).length);
    time("raw: RawCloudEvents.message (UUID, record, headers)", n, () -> raw.message(subject, Payloads.order(1)).getData().length);
    time("prototype: one-pass JsonGenerator (UUID, headers)", n, () -> onePass(subject, type, Payloads.order(1)).getData().length);

    System.out.println("-- decode (consume path, before the handler) --");
    NatsMessage msg = raw.message(subject, Payloads.order(1));
    time("framework: decode + EventType.parse + bind", n, () -> {
      CloudEvent ce = codec.decode(msg);
      return payloads.bind(ce, Payloads.OrderPlaced.class).hashCode() + EventType.parse(ce.getType()).hashCode();
    });
    time("  CloudEventCodec.decode only", n, () -> codec.decode(msg).hashCode());
    NatsMessage binary = codec.encode(subject, built, ContentMode.BINARY);
    time("  CloudEventCodec.decode only, binary mode", n, () -> codec.decode(binary).hashCode());
    time("sdk: JsonFormat.deserialize only", n, () -> SDK_FORMAT.deserialize(msg.getData()).hashCode());
    CloudEvent decoded = codec.decode(msg);
    time("  PayloadCodec.bind only", n, () -> payloads.bind(decoded, Payloads.OrderPlaced.class).hashCode());
    time("raw: Jackson record", n, () -> raw.decode(msg.getData()).hashCode());
    time("prototype: streaming attributes + ObjectReader on data", n, () -> streaming(msg.getData()));
  }

  static NatsMessage onePass(String subject, EventType type, Payloads.OrderPlaced data) throws IOException {
    String id = UUID.randomUUID().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream(640);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("specversion", "1.0");
      g.writeStringField("id", id);
      g.writeStringField("source", Payloads.SERVICE);
      g.writeStringField("type", type.name());
      g.writeStringField("datacontenttype", "application/json");
      g.writeStringField("subject", data.orderId());
      g.writeStringField("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
      g.writeStringField("correlationid", id);
      g.writeFieldName("data");
      MAPPER.writeValue(g, data);
      g.writeEndObject();
    }
    Headers h = new Headers();
    h.put(RawCloudEvents.MSG_ID, id);
    h.put(RawCloudEvents.CONTENT_TYPE, RawCloudEvents.STRUCTURED);
    return NatsMessage.builder().subject(subject).headers(h).data(out.toByteArray()).build();
  }

  static long streaming(byte[] body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      Map<String, String> attributes = new HashMap<>(16);
      Object data = null;
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("data")) {
          data = PAYLOAD.readValue(p);
        } else if (value == JsonToken.VALUE_STRING) {
          attributes.put(field, p.getText());
        } else {
          p.skipChildren();
        }
      }
      return attributes.size() + (data == null ? 0 : data.hashCode());
    }
  }

  private static void time(String name, int n, Work work) throws Exception {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      long acc = 0;
      for (int i = 0; i < n; i++) {
        acc += work.run();
      }
      long elapsed = THREADS.getCurrentThreadCpuTime() - start;
      sink = acc;
      if (round >= 2) {
        best = Math.min(best, elapsed);
      }
    }
    System.out.printf(Locale.ROOT, "%-56s %6.2f us/msg%n", name, best / 1000.0 / n);
  }
}
