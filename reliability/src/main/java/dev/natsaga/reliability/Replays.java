package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Replayed ids: real saga commands and replies taken from the payment stream and published again with a new
 * {@code Nats-Msg-Id} (so the stream's duplicate window does not drop them) — as they are, with a changed payload
 * under the same ids, and (commands) without the {@code commandid} extension. None may cause a second side effect:
 * the booking's payment, booking and saga stay as they were, and none is dead-lettered.
 */
final class Replays {

  static final String INVARIANT = "replayed ids (same event id, new Nats-Msg-Id) cause no second side effect";

  /** One replay and the state of its booking before it. */
  static final class Replay {
    final String variant;
    final String subject;
    final String bookingId;
    final String sagaId;
    final Headers headers;
    final byte[] payload;
    final String before;
    volatile String stream;
    volatile long seq;
    volatile String refused;

    Replay(String variant, String subject, String bookingId, String sagaId, Headers headers, byte[] payload, String before) {
      this.variant = variant;
      this.subject = subject;
      this.bookingId = bookingId;
      this.sagaId = sagaId;
      this.headers = headers;
      this.payload = payload;
      this.before = before;
    }
  }

  private final Deployment d;
  private final List<Replay> replays = new ArrayList<>();

  Replays(Deployment d) {
    this.d = d;
  }

  /** Prepares up to {@code max} replays from the stream's saga commands and replies of finished bookings. */
  void prepare(List<Streams.Stored> paymentStream, int max) {
    String[] commandVariants = {"as it was", "changed payload, same ids", "without commandid"};
    String[] replyVariants = {"as it was", "changed payload, same ids"};
    int n = 0;
    for (Streams.Stored m : paymentStream) {
      if (replays.size() >= max) {
        break;
      }
      JsonNode ce = CloudEvents.attributes(m);
      if (ce == null || !ce.hasNonNull("sagaid") || !ce.path("datacontenttype").asText("application/json").contains("json")) {
        continue;
      }
      String type = ce.path("type").asText();
      boolean command = type.endsWith("authorize.v1") || type.endsWith("capture.v1") || type.endsWith("void.v1") || type.endsWith("refund.v1");
      String bookingId = ce.hasNonNull("subject") ? ce.get("subject").asText() : ce.path("data").path("bookingId").asText(null);
      if (bookingId == null) {
        continue;
      }
      String[] variants = command ? commandVariants : replyVariants;
      String variant = variants[n++ % variants.length];
      replays.add(build(m, ce, variant, bookingId));
    }
  }

  private Replay build(Streams.Stored m, JsonNode ce, String variant, String bookingId) {
    Headers h = new Headers();
    m.headers().entrySet().forEach(e -> {
      if (!e.getKey().equalsIgnoreCase("Nats-Msg-Id")) {
        h.put(e.getKey(), e.getValue());
      }
    });
    h.put("Nats-Msg-Id", "replay-" + UUID.randomUUID());
    byte[] payload = m.data();
    boolean structured = Objects.toString(m.header("Content-Type"), "").toLowerCase(Locale.ROOT).startsWith("application/cloudevents");
    if (structured && !variant.equals("as it was")) {
      ObjectNode copy = ce.deepCopy();
      if (variant.startsWith("changed payload")) {
        JsonNode data = copy.get("data");
        if (data instanceof ObjectNode o) {
          o.put("amount", 999_999_999L);
          o.put("replayed", true);
        }
      } else {
        copy.remove("commandid");
      }
      payload = HostileMessages.bytes(copy);
    }
    return new Replay(variant, m.subject(), bookingId, ce.path("sagaid").asText(), h, payload, state(bookingId));
  }

  /** The booking's observable state: payment status and update time, booking status. */
  private String state(String bookingId) {
    Http.Response p = d.http().get(d.payment().url("/payments/" + bookingId));
    Http.Response b = d.http().get(d.booking().url("/bookings/" + bookingId));
    String payment = p.status() == 200 ? p.text("status") + "@" + p.text("updatedAt") : "payment " + p.status();
    String booking = b.status() == 200 ? b.text("status") + "/" + b.text("sagaStatus") : "booking " + b.status();
    return payment + ", " + booking;
  }

  /** Publishes replay {@code i}. */
  void send(JetStream js, int i) {
    Replay r = replays.get(i);
    try {
      PublishAck ack = js.publish(NatsMessage.builder().subject(r.subject).headers(r.headers).data(r.payload).build());
      r.stream = ack.getStream();
      r.seq = ack.getSeqno();
    } catch (Exception e) {
      r.refused = e.toString();
    }
  }

  int size() {
    return replays.size();
  }

  /** After the consumers drained: each booking as before, and no replay dead-lettered. */
  void check(Report report, Map<String, List<Streams.Stored>> dlqByPosition) {
    Report.Check c = report.check(INVARIANT);
    for (Replay r : replays) {
      if (r.refused != null) {
        c.fail("replay (" + r.variant + ") of " + r.subject + " for booking " + r.bookingId + " could not be published: " + r.refused);
        continue;
      }
      String after = state(r.bookingId);
      List<Streams.Stored> dead = dlqByPosition.getOrDefault(r.stream + ":" + r.seq, List.of());
      c.verify(after.equals(r.before) && dead.isEmpty(), "replay (" + r.variant + ") of " + r.subject + " for booking " + r.bookingId
          + ": before [" + r.before + "], after [" + after + "]" + (dead.isEmpty() ? "" : ", dead-lettered: "
          + dead.get(0).header("Natsaga-Dlq-Reason") + " " + dead.get(0).header("Natsaga-Dlq-Error")));
    }
    report.figure("replayed ids sent", replays.size() + " (" + replays.stream().filter(r -> r.subject.contains(".authorize.") || r.subject.contains(".capture."))
        .count() + " commands, the rest replies)");
  }

  /** Positions of the replays in their stream ({@code stream:seq}), so they are not counted as unexpected dead letters. */
  List<String> positions() {
    return replays.stream().filter(r -> r.stream != null).map(r -> r.stream + ":" + r.seq).toList();
  }

  List<Replay> all() {
    return List.copyOf(replays);
  }
}
