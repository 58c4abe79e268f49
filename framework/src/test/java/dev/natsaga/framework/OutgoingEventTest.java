package dev.natsaga.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutgoingEventTest {

  record Confirmed(String bookingId, long amount) {
  }

  private static final Confirmed DATA = new Confirmed("b-1", 4200);

  @Test
  void buildsWithDefaults() {
    OutgoingEvent<Confirmed> event = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA).build();

    assertThat(event.type()).isEqualTo(EventType.parse("booking.appointment.confirmed.v1"));
    assertThat(event.data()).isSameAs(DATA);
    assertThat(UUID.fromString(event.id()).toString()).isEqualTo(event.id());
    assertThat(event.subject()).isNull();
    assertThat(event.mode()).isNull();
    assertThat(event.extensions()).isEmpty();
  }

  @Test
  void everyBuildGetsAFreshId() {
    OutgoingEvent.Builder<Confirmed> builder = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA);

    assertThat(builder.build().id()).isNotEqualTo(builder.build().id());
  }

  @Test
  void carriesWhatTheCallerSets() {
    String id = UUID.randomUUID().toString();
    EventType type = EventType.command("payment.transaction.authorize.v1");

    OutgoingEvent<Confirmed> event = OutgoingEvent.command(type, DATA)
        .id(id)
        .subject("booking-42")
        .mode(ContentMode.BINARY)
        .correlationId("corr-1")
        .causationId("cause-1")
        .extension(Extensions.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .extension(Extensions.SAGA_ID, "saga-7")
        .build();

    assertThat(event.type()).isSameAs(type);
    assertThat(event.id()).isEqualTo(id);
    assertThat(event.subject()).isEqualTo("booking-42");
    assertThat(event.mode()).isEqualTo(ContentMode.BINARY);
    assertThat(event.extensions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "correlationid", "corr-1",
        "causationid", "cause-1",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "sagaid", "saga-7"));
  }

  @Test
  void nullDataIsAllowed() {
    assertThat(OutgoingEvent.event("booking.appointment.cancelled.v1", null).build().data()).isNull();
  }

  @Test
  void theTypeIsValidatedWhenTheBuilderStarts() {
    assertThatThrownBy(() -> OutgoingEvent.event("Booking.appointment.confirmed.v1", DATA))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("domain");
    assertThatThrownBy(() -> OutgoingEvent.event((EventType) null, DATA))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "", "1-1-1-1-1", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-4266141740001"})
  void idMustBeACanonicalUuid(String id) {
    OutgoingEvent.Builder<Confirmed> builder = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA);

    assertThatThrownBy(() -> builder.id(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + id + "'")
        .hasMessageContaining("UUID");
  }

  @Test
  void idAcceptsUpperCaseUuid() {
    String id = "123E4567-E89B-12D3-A456-426614174000";

    assertThat(OutgoingEvent.event("booking.appointment.confirmed.v1", DATA).id(id).build().id()).isEqualTo(id);
  }

  @Test
  void idMustNotBeNull() {
    assertThatThrownBy(() -> OutgoingEvent.event("booking.appointment.confirmed.v1", DATA).id(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "CorrelationId", "correlation-id", "correlation_id", "trace.parent",
      "abcdefghijklmnopqrstu"})
  void extensionNamesMustBeLowerCaseLettersAndDigitsUpTo20(String name) {
    OutgoingEvent.Builder<Confirmed> builder = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA);

    assertThatThrownBy(() -> builder.extension(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid CloudEvents extension name '" + name + "'")
        .hasMessageContaining("lower case");
  }

  @Test
  void extensionNameMustNotBeNull() {
    assertThatThrownBy(() -> OutgoingEvent.event("booking.appointment.confirmed.v1", DATA).extension(null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'null'");
  }

  @Test
  void extensionNameOfExactly20CharactersIsAccepted() {
    String name = "abcdefghij0123456789";

    assertThat(OutgoingEvent.event("booking.appointment.confirmed.v1", DATA).extension(name, "v").build().extensions())
        .containsEntry(name, "v");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "source", "specversion", "type", "time", "subject", "data",
      "datacontenttype", "dataschema"})
  void extensionsCannotShadowCoreAttributes(String name) {
    OutgoingEvent.Builder<Confirmed> builder = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA);

    assertThatThrownBy(() -> builder.extension(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("reserved");
  }

  @Test
  void aNullValueRemovesAnExtension() {
    OutgoingEvent<Confirmed> event = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA)
        .correlationId("corr-1")
        .extension("tenant", "t-1")
        .correlationId(null)
        .build();

    assertThat(event.extensions()).containsOnly(Map.entry("tenant", "t-1"));
  }

  @Test
  void laterValuesOverrideEarlierOnes() {
    OutgoingEvent<Confirmed> event = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA)
        .correlationId("first")
        .correlationId("second")
        .build();

    assertThat(event.extensions()).containsOnly(Map.entry(Extensions.CORRELATION_ID, "second"));
  }

  @Test
  void theBuiltEventIsImmutable() {
    OutgoingEvent.Builder<Confirmed> builder = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA)
        .extension("tenant", "t-1");
    OutgoingEvent<Confirmed> event = builder.build();

    builder.extension("tenant", "t-2").extension("region", "eu");

    assertThat(event.extensions()).containsOnly(Map.entry("tenant", "t-1"));
    assertThatThrownBy(() -> event.extensions().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void causedByInheritsTheCorrelationIdAndSetsCausationToTheCausesId() {
    Event<Object> cause = received("11111111-1111-1111-1111-111111111111", "corr-root");

    OutgoingEvent<Confirmed> event = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA)
        .causedBy(cause)
        .build();

    assertThat(event.extensions())
        .containsEntry(Extensions.CORRELATION_ID, "corr-root")
        .containsEntry(Extensions.CAUSATION_ID, "11111111-1111-1111-1111-111111111111");
  }

  @Test
  void causedByAnUncorrelatedEventStartsTheCorrelationAtThatEvent() {
    Event<Object> cause = received("22222222-2222-2222-2222-222222222222", null);

    OutgoingEvent<Confirmed> event = OutgoingEvent.event("booking.appointment.confirmed.v1", DATA)
        .causedBy(cause)
        .build();

    assertThat(event.extensions())
        .containsEntry(Extensions.CORRELATION_ID, "22222222-2222-2222-2222-222222222222")
        .containsEntry(Extensions.CAUSATION_ID, "22222222-2222-2222-2222-222222222222");
  }

  private static Event<Object> received(String id, String correlationId) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(id)
        .withSource(URI.create("payment-service"))
        .withType("payment.transaction.authorized.v1");
    if (correlationId != null) {
      builder.withExtension(Extensions.CORRELATION_ID, correlationId);
    }
    CloudEvent envelope = builder.build();
    return new Event<>(envelope, EventType.parse(envelope.getType()), null,
        new Event.Delivery("dev.payment.transaction.authorized.v1", "DEV_PAYMENT", 1, 1));
  }

  @Test
  void eventAndCommandCheckTheKindOnPublishAndOnHandling() {
    assertThat(OutgoingEvent.event("booking.appointment.confirmed.v1", 1).build().type().kind()).isEqualTo(MessageKind.EVENT);
    assertThat(OutgoingEvent.command("payment.transaction.authorize.v1", 1).build().type().kind()).isEqualTo(MessageKind.COMMAND);
    assertThatThrownBy(() -> OutgoingEvent.event("booking.appointment.confirm.v1", 1))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("must be past tense").hasMessageContaining("'confirm'");
    assertThatThrownBy(() -> OutgoingEvent.command("payment.transaction.authorized.v1", 1))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("must be imperative").hasMessageContaining("'authorized'");
    EventHandler<Object> ignore = e -> { };
    assertThat(HandlerRegistration.onEvent("payment.transaction.authorized.v1", Object.class, ignore).build().type().kind())
        .isEqualTo(MessageKind.EVENT);
    assertThat(HandlerRegistration.onCommand("payment.transaction.reset.v1", Object.class, ignore).build().name())
        .as("a verb whose past tense is the same word is both").isEqualTo("payment_transaction_reset_v1");
    assertThatThrownBy(() -> HandlerRegistration.onEvent("payment.transaction.authorize.v1", Object.class, ignore))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("must be past tense");
    assertThatThrownBy(() -> HandlerRegistration.onCommand("payment.transaction.captured.v1", Object.class, ignore))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("must be imperative");
  }
}
