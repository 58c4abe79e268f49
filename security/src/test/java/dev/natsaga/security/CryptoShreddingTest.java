package dev.natsaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.shredding.SubjectKeys;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After {@code forget}, a replay still yields every event of the forgotten subject, with its protected fields redacted. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CryptoShreddingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String REGISTERED = "crm.customer.registered.v1";

  /** A customer: the id is the data subject, email and name are protected. */
  record Customer(String customerId, String email, String name, int tier) {
  }

  @Test
  void forgottenSubjectReplaysRedactedAndEveryOtherEventIsUnchanged() throws Exception {
    String env = SecurityTesting.freshEnv();
    Keyring master = Keyring.of("m1", Aes256Gcm.newKey());
    EncryptionRules rules = EncryptionRules.builder()
        .subjectFields(REGISTERED, SubjectId.field("/customerId"), "/email", "/name").build();
    List<Customer> sent = List.of(new Customer("c-ada", "ada@example.org", "Ada L", 1),
        new Customer("c-bob", "bob@example.org", "Bob K", 2), new Customer("c-ada", "ada.new@example.org", "Ada L", 3));
    try (Connection kvConnection = NATS.connect()) {
      SubjectKeys keys = SubjectKeys.create(kvConnection, Environment.of(env), master, 1);
      EncryptionStage stage = new EncryptionStage(master, rules, keys);
      List<Event<Customer>> before = Collections.synchronizedList(new ArrayList<>());
      try (Natsaga crm = SecurityTesting.start(NATS.url(), env, "crm", List.of(stage),
          HandlerRegistration.onEvent(REGISTERED, Customer.class, before::add).build())) {
        for (Customer c : sent) {
          crm.publisher().publish(OutgoingEvent.event(REGISTERED, c).subject(c.customerId()).build());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> before.size() == 3);
        assertThat(before).extracting(Event::data).containsExactlyInAnyOrderElementsOf(sent);
      }
      assertThat(SecurityTesting.storeFilesContaining(NATS.server().storeDir(), "ada@example.org")).isEmpty();

      assertThat(keys.forget("c-ada")).as("c-ada had a key").isTrue();
      assertThat(keys.forget("c-nobody")).isFalse();

      List<Event<Customer>> replayed = Collections.synchronizedList(new ArrayList<>());
      try (Natsaga replay = SecurityTesting.start(NATS.url(), env, "crm-replay", List.of(new EncryptionStage(master, rules, keys)),
          HandlerRegistration.onEvent(REGISTERED, Customer.class, replayed::add).build())) {
        await().atMost(Duration.ofSeconds(15)).until(() -> replayed.size() == 3);
        assertThat(replay.deadLetters().count()).isZero();
      }
      assertThat(replayed).extracting(Event::data).containsExactlyInAnyOrder(
          new Customer("c-ada", SubjectKeys.REDACTED, SubjectKeys.REDACTED, 1),
          new Customer("c-bob", "bob@example.org", "Bob K", 2),
          new Customer("c-ada", SubjectKeys.REDACTED, SubjectKeys.REDACTED, 3));
      assertThat(replayed).filteredOn(e -> e.data().customerId().equals("c-ada"))
          .allSatisfy(e -> assertThat(e.extension(SecurityExtensions.REDACTED)).isEqualTo("/email,/name"));
      assertThat(replayed).filteredOn(e -> e.data().customerId().equals("c-bob"))
          .allSatisfy(e -> assertThat(e.extension(SecurityExtensions.REDACTED)).isNull());
      assertThat(replayed).extracting(Event::id).containsExactlyInAnyOrderElementsOf(before.stream().map(Event::id).toList());
    }
  }
}
