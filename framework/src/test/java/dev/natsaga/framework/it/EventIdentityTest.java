package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CloudEvents identifies an event by {@code source} + {@code id}: the stream keeps two services' events that share an
 * id, and still drops a re-publish of the same event inside its duplicate window.
 */
class EventIdentityTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String TYPE = "booking.appointment.confirmed.v1";

  @Test
  void twoServicesEventsWithTheSameIdAreBothStoredAndARepublishIsStillADuplicate() throws Exception {
    String env = TestNatsaga.freshEnv();
    String id = UUID.randomUUID().toString();
    try (Natsaga booking = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "booking-service").build());
        Natsaga calendar = TestNatsaga.start(TestNatsaga.options(NATS.url(), env, "calendar-service").build())) {
      PublishResult fromBooking = booking.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("b-1", 1)).id(id).build());
      PublishResult fromCalendar = calendar.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("c-1", 2)).id(id).build());
      PublishResult again = booking.publisher().publish(OutgoingEvent.event(TYPE, new Confirmed("b-1", 1)).id(id).build());

      assertThat(fromCalendar.duplicate()).as("another source's event is not a duplicate").isFalse();
      assertThat(fromCalendar.sequence()).isNotEqualTo(fromBooking.sequence());
      assertThat(fromCalendar.eventId()).isEqualTo(id);
      assertThat(again.duplicate()).as("the same event again").isTrue();
      assertThat(again.sequence()).isEqualTo(fromBooking.sequence());
      List<String> sources = new ArrayList<>();
      for (Message raw : PublishTest.readRaw(booking.connection(), fromBooking.stream(), env + ".booking.>")) {
        sources.add(new CloudEventCodec().decode(raw).getSource().toString());
      }
      assertThat(sources).containsExactly("booking-service", "calendar-service");
    }
  }
}
