package dev.natsaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Encrypted events round-trip through a real nats-server; neither the stream nor its store files hold the clear text. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EncryptionTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  static final String CHARGED = "payment.card.charged.v1";
  static final String TOKENIZED = "payment.card.tokenized.v1";

  @Test
  void fieldsAndWholeDataRoundTripAndNoClearTextReachesTheStreamOrItsStoreFiles() throws Exception {
    String env = SecurityTesting.freshEnv();
    EncryptionRules rules = EncryptionRules.builder()
        .fields(CHARGED, "/card/number", "/card/holder")
        .wholeData(TOKENIZED)
        .build();
    EncryptionStage stage = new EncryptionStage(Keyring.of("k1", Aes256Gcm.newKey()), rules);
    List<Event<Payment>> charged = Collections.synchronizedList(new ArrayList<>());
    List<Event<Payment>> tokenized = Collections.synchronizedList(new ArrayList<>());
    String number = "4111222233334444";
    String holder = "Ada Lovelace-Zyx";
    try (Natsaga natsaga = SecurityTesting.start(NATS.url(), env, "payments", List.of(stage),
        HandlerRegistration.onEvent(CHARGED, Payment.class, charged::add).build(),
        HandlerRegistration.onEvent(TOKENIZED, Payment.class, tokenized::add).build());
        Connection raw = NATS.connect()) {
      JetStreamSubscription sub = raw.jetStream().subscribe(env + ".payment.>", PushSubscribeOptions.builder().ordered(true).build());
      Payment payment = new Payment("pay-visible-1", new Payment.Card(number, holder), 1250);
      PublishResult a = natsaga.publisher().publish(OutgoingEvent.event(CHARGED, payment).build());
      PublishResult b = natsaga.publisher().publish(OutgoingEvent.event(TOKENIZED, payment).build());

      await().atMost(Duration.ofSeconds(15)).until(() -> charged.size() == 1 && tokenized.size() == 1);
      assertThat(charged.get(0).data()).isEqualTo(payment);
      assertThat(charged.get(0).id()).isEqualTo(a.eventId());
      assertThat(tokenized.get(0).data()).isEqualTo(payment);
      assertThat(tokenized.get(0).id()).isEqualTo(b.eventId());

      List<String> rawMessages = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        assertThat(m).as("raw message %s", i).isNotNull();
        rawMessages.add(new String(m.getData(), StandardCharsets.UTF_8) + " " + m.getHeaders());
      }
      assertThat(rawMessages.get(0)).contains("pay-visible-1").contains("enckeyid").contains("/card/number")
          .doesNotContain(number).doesNotContain(holder);
      assertThat(rawMessages.get(1)).doesNotContain("pay-visible-1").doesNotContain(number).doesNotContain(holder);

      assertThat(SecurityTesting.storeFilesContaining(NATS.server().storeDir(), "pay-visible-1"))
          .as("the store files searched do hold the events (the unprotected payment id)").isNotEmpty();
      assertThat(SecurityTesting.storeFilesContaining(NATS.server().storeDir(), number)).as("card number in a store file").isEmpty();
      assertThat(SecurityTesting.storeFilesContaining(NATS.server().storeDir(), holder)).as("card holder in a store file").isEmpty();
    }
  }

  @Test
  void rotationMidStreamKeepsEveryEventReadable() throws Exception {
    String env = SecurityTesting.freshEnv();
    EncryptionRules rules = EncryptionRules.builder().fields(CHARGED, "/card/number").build();
    EncryptionStage producer = new EncryptionStage(Keyring.of("k1", Aes256Gcm.newKey()), rules);
    Keyring rotated = producer.keyring().withNewestKey("k2", Aes256Gcm.newKey());
    EncryptionStage consumer = new EncryptionStage(rotated, rules);
    List<Event<Payment>> handled = Collections.synchronizedList(new ArrayList<>());
    try (Natsaga publisher = SecurityTesting.start(NATS.url(), env, "payments", List.of(producer));
        Natsaga reader = SecurityTesting.start(NATS.url(), env, "ledger", List.of(consumer),
            HandlerRegistration.onEvent(CHARGED, Payment.class, handled::add).build());
        Connection raw = NATS.connect()) {
      JetStreamSubscription sub = raw.jetStream().subscribe(env + ".payment.>", PushSubscribeOptions.builder().ordered(true).build());
      for (int i = 0; i < 6; i++) {
        if (i == 3) {
          producer.rotate(rotated);
        }
        publisher.publisher().publish(CHARGED, new Payment("p" + i, new Payment.Card("5500000000000" + i, "h"), i));
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 6);
      assertThat(handled).extracting(e -> e.data().card().number())
          .containsExactlyInAnyOrder("55000000000000", "55000000000001", "55000000000002", "55000000000003",
              "55000000000004", "55000000000005");
      List<String> keyIds = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        keyIds.add(keyIdOf(sub.nextMessage(Duration.ofSeconds(5))));
      }
      assertThat(keyIds).containsExactly("k1", "k1", "k1", "k2", "k2", "k2");
      assertThat(reader.deadLetters().count()).isZero();
    }
  }

  @Test
  void anEventWhoseProtectedFieldsAreEmptyIsHandledNotDeadLettered() throws Exception {
    String env = SecurityTesting.freshEnv();
    EncryptionStage stage = new EncryptionStage(Keyring.of("k1", Aes256Gcm.newKey()),
        EncryptionRules.builder().fields(CHARGED, "/card/number").build());
    List<Event<Payment>> handled = Collections.synchronizedList(new ArrayList<>());
    try (Natsaga natsaga = SecurityTesting.start(NATS.url(), env, "payments", List.of(stage),
        HandlerRegistration.onEvent(CHARGED, Payment.class, handled::add).build())) {
      natsaga.publisher().publish(CHARGED, new Payment("p-no-card", null, 5));
      natsaga.publisher().publish(CHARGED, new Payment("p-card", new Payment.Card("4000000000000002", "x"), 6));
      await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 2);
      assertThat(handled).extracting(Event::data).extracting(Payment::paymentId).containsExactlyInAnyOrder("p-no-card", "p-card");
      assertThat(natsaga.deadLetters().count()).isZero();
    }
  }

  private static String keyIdOf(Message m) {
    String json = new String(m.getData(), StandardCharsets.UTF_8);
    int at = json.indexOf("\"enckeyid\":\"");
    return at < 0 ? m.getHeaders().getFirst("ce-enckeyid") : json.substring(at + 12, json.indexOf('"', at + 12));
  }
}
