package dev.natsaga.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.security.AuthContext;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.SecurityTesting;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.policy.Policy;
import dev.natsaga.security.policy.PolicyStage;
import dev.natsaga.security.shredding.SubjectKeys;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refused publishes, unauthorized sources, decryption failures, rotation and forget land on {ENV}_AUDIT with who, what, when. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AuditTrailTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Policy POLICY = Policy.load(Path.of("..", "nats-config", "policy.yaml"));
  private static final String REQUESTED = "booking.appointment.requested.v1";
  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String AUTHORIZED = "payment.transaction.authorized.v1";

  @Test
  void everySecurityOutcomeIsAnAuditEventWithWhoWhatAndWhen() throws Exception {
    String env = SecurityTesting.freshEnv();
    OffsetDateTime start = OffsetDateTime.now();
    try (Connection raw = NATS.connect()) {
      AuditTrail audit = AuditTrail.create(raw, Environment.of(env), "booking-service", 1);
      Keyring keyring = Keyring.of("k1", Aes256Gcm.newKey());
      EncryptionStage encryption = new EncryptionStage(keyring, EncryptionRules.builder().wholeData(CONFIRMED).build());
      AtomicReference<Natsaga> self = new AtomicReference<>();
      List<Exception> refusals = new CopyOnWriteArrayList<>();
      try (Natsaga booking = SecurityTesting.start(NATS.url(), env, "booking-service",
          List.of(new AuditedStage(new PolicyStage(POLICY, "booking-service"), audit), new AuditedStage(encryption, audit)),
          HandlerRegistration.onEvent(REQUESTED, Map.class, e -> {
            try {
              self.get().publisher().publish(AUTHORIZED, Map.of("forged", true));
            } catch (PayloadRefusedException refused) {
              refusals.add(refused);
            }
          }).build(),
          HandlerRegistration.onEvent(CONFIRMED, Map.class, e -> { }).build(),
          HandlerRegistration.onEvent(AUTHORIZED, Map.class, e -> { }).build())) {
        self.set(booking);
        JetStreamSubscription sub = raw.jetStream().subscribe(env + ".audit.>", PushSubscribeOptions.builder().ordered(true).build());
        booking.publisher().publish(AuthContext.of(AuthContext.USER, "u-7").applyTo(OutgoingEvent.event(REQUESTED, Map.of("slot", 1))).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.size() == 1);
        CloudEventCodec codec = new CloudEventCodec();
        CloudEvent fromMallory = event("mallory", AUTHORIZED);
        raw.jetStream().publish(codec.encode(env + "." + AUTHORIZED, fromMallory, ContentMode.BINARY));
        CloudEvent unknownKey = CloudEventBuilder.v1(event("booking-service", CONFIRMED)).withExtension("enckeyid", "k9").build();
        raw.jetStream().publish(codec.encode(env + "." + CONFIRMED, unknownKey, ContentMode.BINARY));
        await().atMost(Duration.ofSeconds(10)).until(() -> booking.deadLetters().count() == 2);

        KeyOperations keys = new KeyOperations(audit);
        keys.rotate(encryption, keyring.withNewestKey("k2", Aes256Gcm.newKey()));
        keys.forget(SubjectKeys.create(raw, Environment.of(env), keyring, 1), "c-1");

        List<CloudEvent> trail = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          Message m = sub.nextMessage(Duration.ofSeconds(5));
          assertThat(m).as("audit event %s", i).isNotNull();
          trail.add(codec.decode(m));
        }
        // the two dead letters come from two consumers at once: their audit events may arrive in either order
        if ("audit.decryption.failed.v1".equals(trail.get(1).getType())) {
          trail.add(1, trail.remove(2));
        }
        assertThat(trail).extracting(CloudEvent::getType).containsExactly("audit.publish.refused.v1", "audit.source.rejected.v1",
            "audit.decryption.failed.v1", "audit.key.rotated.v1", "audit.subject.forgotten.v1");
        assertThat(trail).allSatisfy(e -> assertThat(e.getTime()).isAfter(start));
        JsonNode refused = data(trail.get(0));
        assertThat(refused.at("/who/authtype").asText()).isEqualTo("user");
        assertThat(refused.at("/who/authid").asText()).isEqualTo("u-7");
        assertThat(refused.at("/what/type").asText()).isEqualTo(AUTHORIZED);
        assertThat(data(trail.get(1)).at("/what/source").asText()).isEqualTo("mallory");
        assertThat(data(trail.get(1)).at("/what/eventId").asText()).isEqualTo(fromMallory.getId());
        assertThat(data(trail.get(2)).at("/what/reason").asText()).isEqualTo("unknown-key");
        assertThat(data(trail.get(3)).at("/what/keyId").asText()).isEqualTo("k2");
        assertThat(data(trail.get(3)).at("/who/authtype").asText()).isEqualTo("system");
        assertThat(data(trail.get(4)).at("/what/subjectRef").asText()).isEqualTo(SubjectKeys.ref("c-1"));
      }
    }
  }

  private static CloudEvent event(String source, String type) {
    CloudEvent e = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create(source)).withType(type).build();
    return PayloadJson.withData(e, "\"x\"".getBytes());
  }

  private static JsonNode data(CloudEvent e) throws Exception {
    return Json.mapper().readTree(PayloadJson.bytes(e));
  }
}
