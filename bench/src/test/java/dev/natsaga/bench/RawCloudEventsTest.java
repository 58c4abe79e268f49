package dev.natsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.EventFactory;
import dev.natsaga.framework.codec.PayloadCodec;
import io.cloudevents.CloudEvent;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raw side sends what the framework sends: same headers, same attributes in the same order, ~500 bytes. */
class RawCloudEventsTest {

  private final CloudEventCodec codec = new CloudEventCodec();
  private final EventFactory factory = new EventFactory(Payloads.SERVICE, new PayloadCodec(Json.mapper()));
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void rawMessageMatchesTheFrameworksByteForByteUpToIdAndTime() throws Exception {
    Payloads.OrderPlaced data = Payloads.order(123_456_789L);
    NatsMessage fw = codec.encode("pf001." + Payloads.TYPE,
        factory.create(OutgoingEvent.event(Payloads.TYPE, data).subject(data.orderId()).build()), ContentMode.STRUCTURED);
    NatsMessage raw = new RawCloudEvents().message("pr001." + Payloads.TYPE, data);

    assertThat(raw.getHeaders().keySet()).containsExactlyElementsOf(fw.getHeaders().keySet());
    assertThat(raw.getHeaders().getFirst("Content-Type")).isEqualTo(fw.getHeaders().getFirst("Content-Type"));
    assertThat(raw.getSubject()).hasSameSizeAs(fw.getSubject());

    JsonNode f = mapper.readTree(fw.getData());
    JsonNode r = mapper.readTree(raw.getData());
    assertThat(fieldNames(r)).containsExactlyElementsOf(fieldNames(f));
    assertThat(normalized(r)).isEqualTo(normalized(f));
    assertThat(Math.abs(raw.getData().length - fw.getData().length)).isLessThanOrEqualTo(6);  // time's nanos digits
    assertThat(fw.getData().length).isBetween(450, 550);
  }

  @Test
  void frameworkDecodesRawMessages() throws Exception {
    NatsMessage raw = new RawCloudEvents().message("pr001." + Payloads.TYPE, Payloads.order(42));
    CloudEvent ce = codec.decode(raw);
    assertThat(ce.getType()).isEqualTo(Payloads.TYPE);
    assertThat(ce.getId()).isEqualTo(raw.getHeaders().getFirst("Nats-Msg-Id"));
    Payloads.OrderPlaced back = new PayloadCodec(Json.mapper()).bind(ce, Payloads.OrderPlaced.class);
    assertThat(back).isEqualTo(Payloads.order(42));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode normalized(JsonNode n) {
    ObjectNode o = n.deepCopy();
    o.put("id", "x").put("time", "x").put("correlationid", "x");
    return o;
  }
}
