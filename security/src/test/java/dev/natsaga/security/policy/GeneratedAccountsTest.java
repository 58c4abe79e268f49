package dev.natsaga.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nats-config/accounts.conf} is what the generator writes from {@code nats-config/policy.yaml}. */
class GeneratedAccountsTest {

  static final Path NATS_CONFIG = Path.of("..", "nats-config");

  @Test
  void natsConfigAccountsEqualWhatThePolicyGenerates() throws Exception {
    String generated = AccountsGenerator.generate(Policy.load(NATS_CONFIG.resolve("policy.yaml")), "policy.yaml");
    assertThat(Files.readString(NATS_CONFIG.resolve("accounts.conf"), StandardCharsets.UTF_8))
        .as("nats-config/accounts.conf is stale: run the generator (security/README.md)").isEqualTo(generated);
  }

  @Test
  void theGeneratedUsersHoldExactlyThePolicysTypes() {
    Policy policy = Policy.load(NATS_CONFIG.resolve("policy.yaml"));
    String conf = AccountsGenerator.generate(policy, "policy.yaml");
    assertThat(conf).contains("\"*.payment.transaction.authorize.v1\"", "\"$JS.API.CONSUMER.CREATE.*.*.*.payment.transaction.authorized.v1\"");
    assertThat(policy.mayPublish("booking-service", "payment.transaction.authorize.v1")).isTrue();
    assertThat(policy.mayPublish("booking-service", "payment.transaction.authorized.v1")).isFalse();
    assertThat(policy.mayPublish("payment-service", "booking.appointment.confirmed.v1")).isFalse();
    assertThat(policy.mayPublish("nobody", "booking.appointment.confirmed.v1")).isFalse();
    assertThat(policy.mayConsume("payment-service", "payment.transaction.capture.v1")).isTrue();
  }

  @Test
  void aBadPolicyFailsNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "services:\n  a-service:\n    publish: [ \"Booking.Confirmed\" ]\n");
    assertThatThrownBy(() -> Policy.load(file)).hasMessageContaining("NATSAGA_POLICY=" + file)
        .hasMessageContaining("'Booking.Confirmed' is not an event-type pattern");
    Files.writeString(file, "services:\n  a-service:\n    publsh: [ booking.> ]\n");
    assertThatThrownBy(() -> Policy.load(file)).hasMessageContaining("publsh");
  }

  @Test
  void patternsMatchWholeTokens() {
    assertThat(new TypePattern("booking.>").matches("booking.appointment.confirmed.v1")).isTrue();
    assertThat(new TypePattern("booking.>").matches("bookings.appointment.confirmed.v1")).isFalse();
    assertThat(new TypePattern("payment.transaction.*.v1").matches("payment.transaction.capture.v1")).isTrue();
    assertThat(new TypePattern("payment.transaction.*.v1").matches("payment.transaction.capture.v2")).isFalse();
  }
}
