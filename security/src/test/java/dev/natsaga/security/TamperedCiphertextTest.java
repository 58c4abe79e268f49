package dev.natsaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.test.nats.NatsServerExtension;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ciphertexts changed on the way (tampered, re-keyed, swapped between events or fields, stripped) go to the dead-letter
 * stream with their reason on the first delivery; the handler never sees them, and the next valid event is handled.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TamperedCiphertextTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CHARGED = "payment.card.charged.v1";
  private static final Keyring KEYRING = Keyring.of("k1", Aes256Gcm.newKey());
  private static final EncryptionRules RULES = EncryptionRules.builder().fields(CHARGED, "/card/number", "/card/holder").build();
  private static final EncryptionStage PRODUCER = new EncryptionStage(KEYRING, RULES);

  /** An encrypted event changed by {@code change}, the reason it must get and a hint its error must hold. */
  record Forgery(String name, UnaryOperator<CloudEvent> change, DeadLetterReason reason, String hint) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Forgery> forgeries() {
    return Stream.of(
        new Forgery("one ciphertext character flipped", e -> withField(e, "/card/number", flip(field(e, "/card/number"))),
            DeadLetterReason.DECRYPTION_FAILED, "field /card/number does not decrypt"),
        new Forgery("key id changed to one the keyring lacks", e -> CloudEventBuilder.v1(e).withExtension("enckeyid", "k9").build(),
            DeadLetterReason.UNKNOWN_KEY, "key id 'k9'"),
        new Forgery("encrypted under another key with the same id",
            e -> new EncryptionStage(Keyring.of("k1", Aes256Gcm.newKey()), RULES).outgoing(clear(e)),
            DeadLetterReason.DECRYPTION_FAILED, "does not decrypt under key 'k1'"),
        new Forgery("ciphertext moved from another event", e -> withField(e, "/card/number",
            field(PRODUCER.outgoing(clear(UUID.randomUUID().toString())), "/card/number")),
            DeadLetterReason.DECRYPTION_FAILED, "field /card/number does not decrypt"),
        new Forgery("ciphertexts of two fields swapped", e -> withField(withField(e, "/card/number", field(e, "/card/holder")),
            "/card/holder", field(e, "/card/number")), DeadLetterReason.DECRYPTION_FAILED, "does not decrypt"),
        new Forgery("event id changed", e -> CloudEventBuilder.v1(e).withId(UUID.randomUUID().toString()).build(),
            DeadLetterReason.DECRYPTION_FAILED, "does not decrypt"),
        new Forgery("encryption attributes stripped, clear text", e -> clear(e.getId()),
            DeadLetterReason.DECRYPTION_FAILED, "arrived unencrypted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void aForgedCiphertextIsDeadLetteredWithItsReasonAndNeverReachesTheHandler(Forgery forgery) throws Exception {
    String env = SecurityTesting.freshEnv();
    List<Event<Payment>> handled = Collections.synchronizedList(new ArrayList<>());
    try (Natsaga natsaga = SecurityTesting.start(NATS.url(), env, "ledger", List.of(new EncryptionStage(KEYRING, RULES)),
        HandlerRegistration.onEvent(CHARGED, Payment.class, handled::add).build())) {
      CloudEvent forged = forgery.change().apply(PRODUCER.outgoing(clear(UUID.randomUUID().toString())));
      CloudEventCodec codec = new CloudEventCodec();
      natsaga.connection().jetStream().publish(codec.encode(env + "." + CHARGED, forged, ContentMode.STRUCTURED));
      CloudEvent valid = PRODUCER.outgoing(clear(UUID.randomUUID().toString()));
      natsaga.connection().jetStream().publish(codec.encode(env + "." + CHARGED, valid, ContentMode.BINARY));

      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(handled).extracting(Event::id).containsExactly(valid.getId());
        assertThat(natsaga.deadLetters().count()).isEqualTo(1);
      });
      DeadLetter dead = natsaga.deadLetters().list(0, 10).get(0);
      assertThat(dead.reason()).isEqualTo(forgery.reason());
      assertThat(dead.error()).contains(forgery.hint()).doesNotContain("4111");
      assertThat(dead.deliveryCount()).isEqualTo(1);
      assertThat(handled.get(0).data().card().number()).isEqualTo("4111000011112222");
    }
  }

  private static CloudEvent clear(String id) {
    byte[] data = Json.mapper().valueToTree(new Payment("pay-" + id, new Payment.Card("4111000011112222", "Grace H"), 10)).toString().getBytes();
    return PayloadJson.withData(CloudEventBuilder.v1().withId(id).withSource(URI.create("payments")).withType(CHARGED).build(), data);
  }

  private static CloudEvent clear(CloudEvent encrypted) {
    CloudEvent plain = clear(encrypted.getId());
    return plain;
  }

  private static JsonNode data(CloudEvent e) {
    try {
      return Json.mapper().readTree(PayloadJson.bytes(e));
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static String field(CloudEvent e, String pointer) {
    return data(e).at(pointer).asText();
  }

  private static CloudEvent withField(CloudEvent e, String pointer, String value) {
    JsonNode data = data(e);
    ((ObjectNode) data.at(pointer.substring(0, pointer.lastIndexOf('/')))).set(pointer.substring(pointer.lastIndexOf('/') + 1),
        new TextNode(value));
    return PayloadJson.withData(e, data.toString().getBytes());
  }

  private static String flip(String base64) {
    char[] chars = base64.toCharArray();
    int i = chars.length / 2;
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    return new String(chars);
  }
}
