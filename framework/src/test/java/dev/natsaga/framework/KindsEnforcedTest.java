package dev.natsaga.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every public entry point that publishes or handles a type checks its kind: an event is past tense, a command
 * imperative, and a wrong-kind type is refused with an {@link InvalidTypeException} naming the type and the rule.
 */
class KindsEnforcedTest {

  private static final String CONFIRMED = "booking.appointment.confirmed.v1";
  private static final String AUTHORIZE = "payment.transaction.authorize.v1";
  private static final String EVENT_RULE = "an event is a fact: its action must be past tense";
  private static final String COMMAND_RULE = "a command is a request: its action must be imperative";

  @Test
  void startingAnOutgoingMessageChecksItsKind() {
    assertRefused(() -> OutgoingEvent.event(AUTHORIZE, 1), AUTHORIZE, EVENT_RULE);
    assertRefused(() -> OutgoingEvent.event(EventType.parse(AUTHORIZE), 1), AUTHORIZE, EVENT_RULE);
    assertRefused(() -> OutgoingEvent.command(CONFIRMED, 1), CONFIRMED, COMMAND_RULE);
    assertRefused(() -> OutgoingEvent.command(EventType.parse(CONFIRMED), 1), CONFIRMED, COMMAND_RULE);
    assertRefused(() -> OutgoingEvent.of(MessageKind.EVENT, AUTHORIZE, 1), AUTHORIZE, EVENT_RULE);
    assertRefused(() -> OutgoingEvent.of(MessageKind.COMMAND, EventType.parse(CONFIRMED), 1), CONFIRMED, COMMAND_RULE);
  }

  @Test
  void theMessageKeepsTheKindItWasStartedWith() {
    OutgoingEvent<Integer> reset = OutgoingEvent.command("device.counter.reset.v1", 1).build();

    assertThat(OutgoingEvent.event(CONFIRMED, 1).build().kind()).isEqualTo(MessageKind.EVENT);
    assertThat(OutgoingEvent.of(MessageKind.COMMAND, AUTHORIZE, 1).build().kind()).isEqualTo(MessageKind.COMMAND);
    assertThat(reset.kind()).as("a same-word past tense is whatever it was started as").isEqualTo(MessageKind.COMMAND);
    assertThat(reset.toBuilder().build().kind()).isEqualTo(MessageKind.COMMAND);
  }

  @Test
  void registeringAHandlerChecksItsKind() {
    EventHandler<Map<String, Object>> handler = e -> { };
    @SuppressWarnings("unchecked")
    Class<Map<String, Object>> map = (Class<Map<String, Object>>) (Class<?>) Map.class;

    assertRefused(() -> HandlerRegistration.onEvent(AUTHORIZE, map, handler), AUTHORIZE, EVENT_RULE);
    assertRefused(() -> HandlerRegistration.onCommand(CONFIRMED, map, handler), CONFIRMED, COMMAND_RULE);
    assertRefused(() -> HandlerRegistration.on(MessageKind.EVENT, AUTHORIZE, map, handler), AUTHORIZE, EVENT_RULE);
    assertRefused(() -> HandlerRegistration.on(MessageKind.COMMAND, CONFIRMED, map, handler), CONFIRMED, COMMAND_RULE);
    assertThat(HandlerRegistration.on(MessageKind.COMMAND, AUTHORIZE, map, handler).build().type().name()).isEqualTo(AUTHORIZE);
  }

  @Test
  void thePublishShorthandPublishesEventsOnly() {
    RecordingPublisher publisher = new RecordingPublisher();

    assertRefused(() -> publisher.publish(AUTHORIZE, Map.of()), AUTHORIZE, EVENT_RULE);
    publisher.publish(CONFIRMED, Map.of());

    assertThat(publisher.published).singleElement().satisfies(e -> {
      assertThat(e.type().name()).isEqualTo(CONFIRMED);
      assertThat(e.kind()).isEqualTo(MessageKind.EVENT);
    });
  }

  @Test
  void eventTypeOfChecksTheGivenKind() {
    assertThat(EventType.of(MessageKind.EVENT, CONFIRMED).name()).isEqualTo(CONFIRMED);
    assertRefused(() -> EventType.of(MessageKind.COMMAND, CONFIRMED), CONFIRMED, COMMAND_RULE);
    assertRefused(() -> EventType.parse(AUTHORIZE).requireKind(MessageKind.EVENT), AUTHORIZE, EVENT_RULE);
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type, String rule) {
    assertThatThrownBy(call).isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("invalid type '" + type + "'").hasMessageContaining(rule);
  }

  /** Records what it is asked to publish. */
  private static final class RecordingPublisher implements EventPublisher {
    final List<OutgoingEvent<?>> published = new CopyOnWriteArrayList<>();

    @Override
    public PublishResult publish(OutgoingEvent<?> event) {
      published.add(event);
      return new PublishResult(event.id(), "dev." + event.type(), "DEV", published.size(), false);
    }

    @Override
    public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
      return CompletableFuture.completedFuture(publish(event));
    }

    @Override
    public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> events) {
      return events.stream().map(this::publish).toList();
    }

    @Override
    public void awaitInFlight(Duration timeout) {
    }
  }
}
