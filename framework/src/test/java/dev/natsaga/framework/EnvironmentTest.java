package dev.natsaga.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentTest {

  private static final EventType CONFIRMED = EventType.parse("booking.appointment.confirmed.v1");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "eu-staging", "test1", "1", "a", "pr-1234"})
  void acceptsLowerCaseLettersDigitsAndHyphens(String name) {
    Environment env = Environment.of(name);

    assertThat(env.name()).isEqualTo(name);
    assertThat(env).hasToString(name);
  }

  @Test
  void acceptsExactly32Characters() {
    String name = "a".repeat(32);

    assertThat(Environment.of(name).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Prod", "PROD", "dev.eu", "dev eu", " dev", "dev_eu", "dev*", "dev>", "-dev", "dév"})
  void refusesInvalidNamesMentioningAppEnv(String name) {
    assertThatThrownBy(() -> Environment.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APP_ENV")
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("lower case");
  }

  @Test
  void refusesNamesLongerThan32Characters() {
    String name = "a".repeat(33);

    assertThatThrownBy(() -> Environment.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APP_ENV")
        .hasMessageContaining("1-32");
  }

  @Test
  void subjectIsEnvDotType() {
    assertThat(Environment.of("prod").subject(CONFIRMED)).isEqualTo("prod.booking.appointment.confirmed.v1");
    assertThat(Environment.of("eu-staging").subject(CONFIRMED))
        .isEqualTo("eu-staging.booking.appointment.confirmed.v1");
  }

  @Test
  void differentEnvironmentsNeverShareASubjectOrStream() {
    Environment dev = Environment.of("dev");
    Environment prod = Environment.of("prod");

    assertThat(dev.subject(CONFIRMED)).isNotEqualTo(prod.subject(CONFIRMED));
    assertThat(dev.streamName("booking")).isNotEqualTo(prod.streamName("booking"));
    assertThat(dev.owns(prod.subject(CONFIRMED))).isFalse();
    assertThat(prod.owns(prod.subject(CONFIRMED))).isTrue();
  }

  @Test
  void ownsMatchesWholeTokensOnly() {
    Environment dev = Environment.of("dev");

    assertThat(dev.owns("dev.booking.appointment.confirmed.v1")).isTrue();
    assertThat(dev.owns("devx.booking.appointment.confirmed.v1")).isFalse();
    assertThat(dev.owns("dev-eu.booking.appointment.confirmed.v1")).isFalse();
    assertThat(dev.owns("dev")).isFalse();
  }

  @Test
  void streamNameIsUpperCaseEnvAndDomainWithHyphensAsUnderscores() {
    assertThat(Environment.of("prod").streamName("booking")).isEqualTo("PROD_BOOKING");
    assertThat(Environment.of("dev").streamName("payment")).isEqualTo("DEV_PAYMENT");
    assertThat(Environment.of("eu-staging").streamName("car-rental")).isEqualTo("EU_STAGING_CAR_RENTAL");
  }

  @Test
  void streamNameIsValidForJetStream() {
    String stream = Environment.of("eu-staging").streamName("car-rental");

    assertThat(stream).matches("[A-Z0-9_]+");
  }

  @Test
  void streamSubjectsCaptureTheDomain() {
    assertThat(Environment.of("prod").streamSubjects("booking")).isEqualTo("prod.booking.>");
    assertThat(Environment.of("eu-staging").streamSubjects("car-rental")).isEqualTo("eu-staging.car-rental.>");
  }

  @Test
  void streamOfATypesDomainCapturesItsSubject() {
    Environment env = Environment.of("prod");
    String captured = env.streamSubjects(CONFIRMED.domain());

    assertThat(env.subject(CONFIRMED)).startsWith(captured.substring(0, captured.length() - 1));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Booking", "booking.x", "booking*", "book ing", "dlq"})
  void streamNameRefusesADomainThatIsNotAValidTypeDomain(String domain) {
    Environment env = Environment.of("dev");

    assertThatThrownBy(() -> env.streamName(domain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("domain");
  }

  @Test
  void dlqStreamAndSubjects() {
    Environment prod = Environment.of("prod");
    Environment staging = Environment.of("eu-staging");

    assertThat(prod.dlqStreamName()).isEqualTo("PROD_DLQ");
    assertThat(prod.dlqStreamSubjects()).isEqualTo("prod.dlq.>");
    assertThat(staging.dlqStreamName()).isEqualTo("EU_STAGING_DLQ");
    assertThat(staging.dlqStreamSubjects()).isEqualTo("eu-staging.dlq.>");
  }

  @Test
  void dlqSubjectNamesTheConsumerAndTheOriginalType() {
    Environment prod = Environment.of("prod");

    String dlq = prod.dlqSubject("payment-service", prod.subject(CONFIRMED));

    assertThat(dlq).isEqualTo("prod.dlq.payment-service.booking.appointment.confirmed.v1");
    assertThat(dlq).startsWith("prod.dlq.");
    assertThat(prod.owns(dlq)).isTrue();
  }

  @Test
  void dlqSubjectKeepsASubjectFromElsewhereWhole() {
    Environment prod = Environment.of("prod");

    assertThat(prod.dlqSubject("svc", "legacy.orders.created"))
        .isEqualTo("prod.dlq.svc.legacy.orders.created");
  }

  @Test
  void dlqSubjectRefusesAnInvalidConsumer() {
    Environment prod = Environment.of("prod");

    assertThatThrownBy(() -> prod.dlqSubject("payment.service", "prod.booking.appointment.confirmed.v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'payment.service'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"payment-service", "booking_saga", "Svc1", "a", "A-b_C-9"})
  void consumerTokenAcceptsLettersDigitsHyphensAndUnderscores(String consumer) {
    assertThat(Environment.consumerToken(consumer)).isEqualTo(consumer);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"payment.service", "payment service", "payment*", "payment>", "pay/ment", "zahlungs-dienst-ü"})
  void consumerTokenRefusesAnythingElse(String consumer) {
    assertThatThrownBy(() -> Environment.consumerToken(consumer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid consumer name '" + consumer + "'")
        .hasMessageContaining("letters, digits, '-' or '_'");
  }

  @Test
  void equalityIsByName() {
    assertThat(Environment.of("dev")).isEqualTo(Environment.of("dev"))
        .hasSameHashCodeAs(Environment.of("dev"))
        .isNotEqualTo(Environment.of("prod"))
        .isNotEqualTo("dev");
  }
}
