package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.PublisherOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublishTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void publishedEventIsAStructuredCloudEventOnTheEnvSubjectWithMsgId() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      PublishResult r = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("b-1", 1500))
          .subject("b-1").build());

      assertThat(r.stream()).isEqualTo(env.toUpperCase() + "_BOOKING");
      assertThat(r.duplicate()).isFalse();
      Message raw = readRaw(natsaga.connection(), r.stream(), env + ".booking.>").get(0);
      assertThat(raw.getSubject()).isEqualTo(env + ".booking.appointment.confirmed.v1");
      assertThat(raw.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(CloudEventCodec.messageId(new CloudEventCodec().decode(raw)));
      assertThat(raw.getHeaders().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
      JsonNode json = Json.mapper().readTree(raw.getData());
      assertThat(json.get("specversion").asText()).isEqualTo("1.0");
      assertThat(UUID.fromString(json.get("id").asText()).toString()).isEqualTo(r.eventId());
      assertThat(json.get("source").asText()).isEqualTo("booking-service");
      assertThat(json.get("type").asText()).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(json.get("subject").asText()).isEqualTo("b-1");
      assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(json.hasNonNull("time")).isTrue();
      assertThat(json.get("correlationid").asText()).isEqualTo(r.eventId());
      assertThat(json.get("data").get("amount").asLong()).isEqualTo(1500);
    }
  }

  @Test
  void binaryModePutsAttributesInCeHeaders() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      PublishResult r = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("b-2", 7))
          .subject("Zürich 1").mode(ContentMode.BINARY).build());

      Message raw = readRaw(natsaga.connection(), r.stream(), env + ".booking.>").get(0);
      assertThat(raw.getHeaders().getFirst("ce-id")).isEqualTo(r.eventId());
      assertThat(raw.getHeaders().getFirst("ce-subject")).isEqualTo("Z%C3%BCrich%201");
      assertThat(raw.getHeaders().getFirst("ce-datacontenttype")).isEqualTo("application/json");
      assertThat(Json.mapper().readTree(raw.getData()).get("bookingId").asText()).isEqualTo("b-2");
    }
  }

  @Test
  void republishingTheSameIdIsReportedAsDuplicate() throws Exception {
    String env = TestNatsaga.freshEnv();
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build())) {
      String id = UUID.randomUUID().toString();
      PublishResult first = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("b", 1)).id(id).build());
      PublishResult second = natsaga.publisher().publish(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("b", 1)).id(id).build());

      assertThat(first.duplicate()).isFalse();
      assertThat(second.duplicate()).isTrue();
      assertThat(second.sequence()).isEqualTo(first.sequence());
    }
  }

  @Test
  void asyncAndBatchPublishKeepOrderAndBoundTheWindow() throws Exception {
    String env = TestNatsaga.freshEnv();
    PublisherOptions small = PublisherOptions.defaults().withMaxInFlight(8);
    try (Natsaga natsaga = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").publisher(small).build())) {
      List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(natsaga.publisher().publishAsync(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("a" + i, i)).build()));
      }
      List<OutgoingEvent<?>> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.add(OutgoingEvent.event("booking.appointment.confirmed.v1", new Confirmed("b" + i, i)).build());
      }
      List<PublishResult> results = natsaga.publisher().publishBatch(batch);

      assertThat(futures).allSatisfy(f -> assertThat(f.join().duplicate()).isFalse());
      assertThat(results).hasSize(100);
      assertThat(results.get(99).sequence() - results.get(0).sequence()).isEqualTo(99);
      assertThat(natsaga.connection().jetStreamManagement().getStreamInfo(env.toUpperCase() + "_BOOKING")
          .getStreamState().getMsgCount()).isEqualTo(300);
    }
  }

  static List<Message> readRaw(Connection nc, String stream, String filter) throws Exception {
    JetStreamSubscription sub = nc.jetStream().subscribe(filter, PullSubscribeOptions.builder().stream(stream).build());
    List<Message> msgs = sub.fetch(1000, Duration.ofSeconds(2));
    sub.unsubscribe();
    return msgs;
  }
}
