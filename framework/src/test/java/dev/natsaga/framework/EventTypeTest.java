package dev.natsaga.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeTest {

  @Nested
  class ValidNames {

    @Test
    void parsesTheFourParts() {
      EventType type = EventType.parse("booking.appointment.confirmed.v1");

      assertThat(type.domain()).isEqualTo("booking");
      assertThat(type.entity()).isEqualTo("appointment");
      assertThat(type.action()).isEqualTo("confirmed");
      assertThat(type.version()).isEqualTo(1);
      assertThat(type.name()).isEqualTo("booking.appointment.confirmed.v1");
      assertThat(type).hasToString("booking.appointment.confirmed.v1");
    }

    @Test
    void acceptsHyphensAndDigitsInsidePartsAndMultiDigitVersions() {
      EventType type = EventType.parse("car-rental.slot2.slot-reserved.v42");

      assertThat(type.domain()).isEqualTo("car-rental");
      assertThat(type.entity()).isEqualTo("slot2");
      assertThat(type.action()).isEqualTo("slot-reserved");
      assertThat(type.version()).isEqualTo(42);
    }

    @Test
    void equalityIsByName() {
      EventType a = EventType.parse("payment.transaction.authorize.v1");
      EventType b = EventType.command("payment.transaction.authorize.v1");
      EventType other = EventType.parse("payment.transaction.authorize.v2");

      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
      assertThat(a).isNotEqualTo("payment.transaction.authorize.v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "booking.appointment.confirmed.v1",
        "payment.transaction.authorized.v1",
        "payment.transaction.declined.v3",
        "booking.slot.slot-reserved.v1",
        "mail.message.sent.v1",
        "payment.invoice.paid.v1",
        "booking.slot.held.v1"})
    void pastTenseActionsAreEvents(String name) {
      EventType type = EventType.event(name);

      assertThat(type.kind()).isEqualTo(MessageKind.EVENT);
      assertThat(EventType.parse(name).kind()).isEqualTo(MessageKind.EVENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "payment.transaction.authorize.v1",
        "payment.transaction.capture.v1",
        "payment.transaction.void.v1",
        "payment.transaction.refund.v1",
        "booking.slot.reserve-slot.v1",
        "mail.message.send.v1",
        "payment.invoice.pay.v1"})
    void imperativeActionsAreCommands(String name) {
      EventType type = EventType.command(name);

      assertThat(type.kind()).isEqualTo(MessageKind.COMMAND);
      assertThat(EventType.parse(name).kind()).isEqualTo(MessageKind.COMMAND);
    }

    @ParameterizedTest
    @CsvSource({
        "mail.message.sent.v1, EVENT",
        "payment.invoice.paid.v1, EVENT",
        "payment.loan.repaid.v1, EVENT",
        "payment.card.prepaid.v1, EVENT",
        "booking.slot.slot-reserved.v1, EVENT",
        "booking.slot.reserve-slot.v1, COMMAND",
        "booking.slot.double-booked.v1, EVENT",
        "catalog.item.embed.v1, COMMAND",
        "booking.flow.proceed.v1, COMMAND",
        "catalog.index.seed.v1, COMMAND",
        "catalog.index.seeded.v1, EVENT"})
    void irregularAndHyphenatedActionsAreClassifiedByTheirLastWord(String name, MessageKind kind) {
      assertThat(EventType.parse(name).kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"account.password.reset.v1", "config.flag.set.v1", "shop.store.shut.v1"})
    void actionsWhosePastTenseIsTheSameWordAreAcceptedAsBothKinds(String name) {
      assertThat(EventType.event(name).name()).isEqualTo(name);
      assertThat(EventType.command(name).name()).isEqualTo(name);
    }
  }

  @Nested
  class EventsAndCommands {

    @Test
    void eventRefusesAnImperativeActionAndSaysAnEventIsPastTense() {
      assertThatThrownBy(() -> EventType.event("payment.transaction.authorize.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'payment.transaction.authorize.v1'")
          .hasMessageContaining("event")
          .hasMessageContaining("past tense")
          .hasMessageContaining("'authorize'");
    }

    @Test
    void commandRefusesAPastTenseActionAndSaysACommandIsImperative() {
      assertThatThrownBy(() -> EventType.command("payment.transaction.authorized.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'payment.transaction.authorized.v1'")
          .hasMessageContaining("command")
          .hasMessageContaining("imperative")
          .hasMessageContaining("'authorized'");
    }

    @Test
    void commandRefusesIrregularPastTense() {
      assertThatThrownBy(() -> EventType.command("mail.message.sent.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("imperative");
      assertThatThrownBy(() -> EventType.command("payment.invoice.paid.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("imperative");
    }

    @Test
    void eventRefusesAHyphenatedImperativeAction() {
      assertThatThrownBy(() -> EventType.event("booking.slot.reserve-slot.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("past tense")
          .hasMessageContaining("'reserve-slot'");
    }

    @Test
    void eventAndCommandStillApplyTheFormatRules() {
      assertThatThrownBy(() -> EventType.event("Booking.appointment.confirmed.v1"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("domain");
      assertThatThrownBy(() -> EventType.command("payment.transaction.authorize"))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("four");
    }
  }

  @Nested
  class BrokenRules {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingNameIsRefused(String name) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("required")
          .hasMessageContaining("{domain}.{entity}.{action}.v{N}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "booking.confirmed.v1",
        "booking.appointment.confirmed.extra.v1",
        "booking",
        "booking.appointment.confirmed.v1."})
    void wrongNumberOfPartsIsRefusedNamingTheFormat(String name) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("exactly four dot-separated parts")
          .hasMessageContaining("{domain}.{entity}.{action}.v{N}");
    }

    @ParameterizedTest
    @CsvSource({
        "Booking.appointment.confirmed.v1, domain, Booking",
        "booking.Appointment.confirmed.v1, entity, Appointment",
        "booking.appointment.CONFIRMED.v1, action, CONFIRMED",
        "booking.appointment.confirmed_at.v1, action, confirmed_at",
        "booking.appoint ment.confirmed.v1, entity, appoint ment"})
    void upperCaseOrOtherCharactersAreRefusedNamingThePart(String name, String part, String value) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("the " + part + " part '" + value + "'")
          .hasMessageContaining("lower case");
    }

    @ParameterizedTest
    @CsvSource({
        "1booking.appointment.confirmed.v1, domain",
        "booking.2appointment.confirmed.v1, entity",
        "booking.appointment.3confirmed.v1, action",
        "booking.appointment.-confirmed.v1, action"})
    void partStartingWithADigitOrHyphenIsRefused(String name, String part) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("the " + part + " part")
          .hasMessageContaining("starting with a letter");
    }

    @ParameterizedTest
    @CsvSource({
        "booking..confirmed.v1, entity",
        ".appointment.confirmed.v1, domain",
        "booking.appointment..v1, action"})
    void emptyPartIsRefusedNamingThePart(String name, String part) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("the " + part + " part is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0", "1", "vx", "V1", "v", "v-1", "v01", "version1", "v1234567"})
    void badVersionIsRefusedNamingTheVersionRule(String version) {
      String name = "booking.appointment.confirmed." + version;
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("version");
    }

    @Test
    void badVersionMessageShowsTheRuleAndTheValue() {
      assertThatThrownBy(() -> EventType.parse("booking.appointment.confirmed.v0"))
          .hasMessage("invalid type 'booking.appointment.confirmed.v0': the version part must be 'v' and a positive integer, e.g. v1 (was 'v0')");
    }

    @Test
    void emptyVersionIsRefused() {
      assertThatThrownBy(() -> EventType.parse("booking.appointment.confirmed."))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dlq.appointment.confirmed.v1", "dlq.transaction.authorize.v1"})
    void reservedDlqDomainIsRefused(String name) {
      assertThatThrownBy(() -> EventType.parse(name))
          .isInstanceOf(InvalidTypeException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("'dlq' is reserved for dead letters");
    }

    @Test
    void dlqIsOnlyReservedAsTheDomain() {
      assertThat(EventType.parse("ops.dlq.replayed.v1").entity()).isEqualTo("dlq");
      assertThat(EventType.parse("dlq-tools.message.replayed.v1").domain()).isEqualTo("dlq-tools");
    }

    @ParameterizedTest
    @ValueSource(strings = {"booking.*.confirmed.v1", "booking.>.confirmed.v1", "booking.appointment.confirmed.v1 "})
    void natsWildcardsAndWhitespaceCannotSneakIntoASubject(String name) {
      assertThatThrownBy(() -> EventType.parse(name)).isInstanceOf(InvalidTypeException.class);
    }
  }
}
