package dev.natsaga.security.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.SecurityTesting;
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

/** The guard stamps the sensitivity, lets encrypted personal data pass and refuses it in clear text. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PiiGuardTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String CHARGED = "payment.card.charged.v1";
  private static final String EXPORTED = "payment.card.exported.v1";
  private static final Charge CHARGE = new Charge("ch-1", new Charge.Card("4000123412341234", "Hedy Lamarr", "visa"), 990);

  @Test
  void encryptedPersonalDataPassesWithItsSensitivityAndClearPersonalDataIsRefusedUnlessAllowed() throws Exception {
    String env = SecurityTesting.freshEnv();
    EncryptionRules onlyTheNumber = EncryptionRules.builder().fields(CHARGED, "/card/number").build();
    EncryptionRules both = EncryptionRules.builder().fields(CHARGED, "/card/number", "/card/holder").build();
    Keyring keyring = Keyring.of("k1", Aes256Gcm.newKey());
    List<Event<Charge>> handled = Collections.synchronizedList(new ArrayList<>());
    try (Natsaga leaky = SecurityTesting.start(NATS.url(), env, "leaky", List.of(guard(new EncryptionStage(keyring, onlyTheNumber))));
        Natsaga payments = SecurityTesting.start(NATS.url(), env, "payments", List.of(guard(new EncryptionStage(keyring, both))),
            HandlerRegistration.onEvent(CHARGED, Charge.class, handled::add).build(),
            HandlerRegistration.onEvent(EXPORTED, Charge.class, handled::add).build());
        Connection raw = NATS.connect()) {
      JetStreamSubscription sub = raw.jetStream().subscribe(env + ".payment.>", PushSubscribeOptions.builder().ordered(true).build());

      assertThatThrownBy(() -> leaky.publisher().publish(CHARGED, CHARGE))
          .isInstanceOf(PayloadRefusedException.class)
          .hasMessageContaining("field /card/holder is personal data").hasMessageNotContaining("Hedy");
      payments.publisher().publish(CHARGED, CHARGE);
      payments.publisher().publish(EXPORTED, CHARGE);

      await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 2);
      assertThat(handled).extracting(Event::data).containsOnly(CHARGE);
      Message charged = sub.nextMessage(Duration.ofSeconds(5));
      Message exported = sub.nextMessage(Duration.ofSeconds(5));
      assertThat(sub.nextMessage(Duration.ofMillis(300))).as("the refused publish sent nothing").isNull();
      assertThat(charged.getSubject()).endsWith(CHARGED);
      assertThat(text(charged)).contains("\"sensitivity\":\"restricted\"").doesNotContain("Hedy Lamarr").doesNotContain("4000123412341234");
      assertThat(exported.getSubject()).endsWith(EXPORTED);
      assertThat(text(exported)).as("an allowed type carries it in clear").contains("Hedy Lamarr").contains("\"sensitivity\":\"restricted\"");
    }
  }

  @Test
  void classificationReadsNestedMarks() {
    Classification c = Classification.of(Charge.class);
    assertThat(c.level()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(c.piiPointers()).containsExactly("/card/holder", "/card/number");
    assertThat(Classification.of(String.class).level()).isEqualTo(Sensitivity.PUBLIC);
  }

  static PiiGuard guard(EncryptionStage encryption) {
    return PiiGuard.builder().classify(CHARGED, Charge.class).classify(EXPORTED, Charge.class).allowClearPii(EXPORTED)
        .wrapping(encryption).build();
  }

  private static String text(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }
}
