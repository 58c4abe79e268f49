package dev.natsaga.security.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.SecurityTesting;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.test.logging.LogCapture;
import dev.natsaga.test.nats.NatsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No personal-data value reaches a log line or a dead-letter error, even where the framework quotes values (a binding
 * error) or a handler puts them into an exception message.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PiiMaskingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String MISTYPED = "payment.card.mistyped.v1";
  private static final String DECLINED = "payment.card.declined.v1";
  private static final String RETRIED = "payment.card.retried.v1";
  private static final String NUMBER = "4999-8888-7777-6666";
  private static final String HOLDER = "Katherine Johnson";

  /** The consumer's view of a mistyped card: the number as a number, so binding quotes the value it cannot read. */
  record NumericCharge(String chargeId, NumericCard card, long amount) {
    /** The card. */
    record NumericCard(@Sensitive(level = Sensitivity.RESTRICTED, pii = true) long number,
        @Sensitive(level = Sensitivity.CONFIDENTIAL, pii = true) String holder, String brand) {
    }
  }

  @Test
  void personalDataIsMaskedInEveryLogLineAndDeadLetterError() throws Exception {
    String env = SecurityTesting.freshEnv();
    EncryptionRules.Builder rules = EncryptionRules.builder();
    Stream.of(MISTYPED, DECLINED, RETRIED).forEach(t -> rules.fields(t, "/card/number", "/card/holder"));
    PiiGuard.Builder guard = PiiGuard.builder().classify(MISTYPED, NumericCharge.class)
        .wrapping(new EncryptionStage(Keyring.of("k1", Aes256Gcm.newKey()), rules.build()));
    Stream.of(DECLINED, RETRIED).forEach(t -> guard.classify(t, Charge.class));
    AtomicInteger retriedCalls = new AtomicInteger();
    Charge charge = new Charge("ch-9", new Charge.Card(NUMBER, HOLDER, "visa"), 5);
    try (LogCapture log = LogCapture.of("dev.natsaga", Level.TRACE);
        Natsaga natsaga = SecurityTesting.start(NATS.url(), env, "payments", List.of(guard.build()),
            HandlerRegistration.onEvent(MISTYPED, NumericCharge.class, e -> { }).build(),
            HandlerRegistration.onEvent(DECLINED, Charge.class, e -> {
              throw new NonRetryableException("card " + e.data().card().number() + " of " + e.data().card().holder() + " declined");
            }).build(),
            HandlerRegistration.onEvent(RETRIED, Charge.class, e -> {
              if (retriedCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("issuer timeout for " + e.data().card().holder());
              }
            }).build())) {
      natsaga.publisher().publish(MISTYPED, charge);
      natsaga.publisher().publish(DECLINED, charge);
      natsaga.publisher().publish(RETRIED, charge);

      await().atMost(Duration.ofSeconds(20)).until(() -> natsaga.deadLetters().count() == 2 && retriedCalls.get() == 2);
      List<DeadLetter> dead = natsaga.deadLetters().list(0, 10);
      assertThat(dead).extracting(DeadLetter::reason)
          .containsExactlyInAnyOrder(DeadLetterReason.PAYLOAD_BINDING, DeadLetterReason.NON_RETRYABLE);
      assertThat(dead).extracting(DeadLetter::error).allSatisfy(error -> assertThat(error)
          .contains(PiiGuard.MASK).doesNotContain(NUMBER).doesNotContain(HOLDER).doesNotContain("4999"));
      assertThat(dead).extracting(DeadLetter::payload).allSatisfy(payload -> assertThat(new String(payload))
          .as("the dead letter keeps the ciphertext").doesNotContain(HOLDER));

      List<String> lines = log.events().stream().map(PiiMaskingTest::fullText).toList();
      assertThat(lines).as("the framework logged the outcomes").anyMatch(l -> l.contains("dead-lettered"))
          .anyMatch(l -> l.contains("retrying") && l.contains("issuer timeout for " + PiiGuard.MASK));
      assertThat(lines).noneMatch(l -> l.contains(HOLDER) || l.contains(NUMBER) || l.contains("4999"));
    }
  }

  private static String fullText(ILoggingEvent e) {
    return e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
  }
}
