package dev.natsaga.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.natsaga.framework.InvalidTypeException;
import dev.natsaga.framework.MessageKind;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.test.logging.LogCapture;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Event kinds on the outbox path: the row stores the kind the message was started with, the relay re-checks it, and
 * a row whose type is not of its kind is refused (logged naming the type and the rule, left unpublished).
 */
class OutboxKindTest {

  private static final String PLACED = "shop.order.placed.v1";
  private static final String SHIP = "shop.order.ship.v1";

  /** Records the kind of every message the relay publishes, acknowledging each at once. */
  private static final class RecordingPublisher extends AsyncOnlyPublisher {
    final Map<String, MessageKind> published = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
      published.put(event.type().name(), event.kind());
      return CompletableFuture.completedFuture(new PublishResult(event.id(), "t." + event.type(), "T", 1, false));
    }
  }

  @Test
  void theWriterCannotStartAWrongKindMessage() {
    assertThatThrownBy(() -> OutgoingEvent.event(SHIP, Map.of()))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("'" + SHIP + "'").hasMessageContaining("past tense");
    assertThatThrownBy(() -> OutgoingEvent.of(MessageKind.COMMAND, PLACED, Map.of()))
        .isInstanceOf(InvalidTypeException.class).hasMessageContaining("'" + PLACED + "'").hasMessageContaining("imperative");
  }

  @Test
  void rowsKeepTheirKindAndTheRelayPublishesThemWithIt() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    try (TestDatabase db = TestDatabase.h2();
         OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> publisher).build()) {
      writeAnEventAndACommand(db);

      assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox WHERE message_kind = 'EVENT' AND event_type = '" + PLACED + "'")).isOne();
      assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox WHERE message_kind = 'COMMAND' AND event_type = '" + SHIP + "'")).isOne();
      assertThat(relay.relayPending()).isEqualTo(2);
      assertThat(publisher.published).containsExactlyInAnyOrderEntriesOf(
          Map.of(PLACED, MessageKind.EVENT, SHIP, MessageKind.COMMAND));
    }
  }

  @Test
  void theRelayRefusesARowWhoseTypeIsNotOfItsKind() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    try (TestDatabase db = TestDatabase.h2();
         OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> publisher).build();
         LogCapture log = LogCapture.of("dev.natsaga.outbox", Level.DEBUG)) {
      writeAnEventAndACommand(db);
      sql(db, "UPDATE natsaga_outbox SET message_kind = 'EVENT' WHERE event_type = '" + SHIP + "'");

      assertThat(relay.relayPending()).as("only the row whose type matches its kind").isOne();
      assertThat(publisher.published).containsOnlyKeys(PLACED);
      assertThat(db.count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL AND event_type = '" + SHIP + "'"))
          .isOne();
      assertThat(log.messages(Level.WARN)).singleElement().asString()
          .contains("invalid type '" + SHIP + "'").contains("an event is a fact: its action must be past tense");
    }
  }

  @Test
  void aRowWrittenBeforeKindsWereStoredTakesTheKindItsTypeNames() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    try (TestDatabase db = TestDatabase.h2();
         OutboxRelay relay = OutboxRelay.builder().dataSource(db.dataSource()).publisher(() -> publisher).build()) {
      writeAnEventAndACommand(db);
      sql(db, "UPDATE natsaga_outbox SET message_kind = NULL");

      assertThat(relay.relayPending()).isEqualTo(2);
      assertThat(publisher.published).containsExactlyInAnyOrderEntriesOf(
          Map.of(PLACED, MessageKind.EVENT, SHIP, MessageKind.COMMAND));
    }
  }

  private static void writeAnEventAndACommand(TestDatabase db) throws Exception {
    OutboxSchema.migrate(db.dataSource());
    Outboxes.writeEvents(db.dataSource(), 2, i -> i == 0 ? OutgoingEvent.event(PLACED, i).build()
        : OutgoingEvent.command(SHIP, i).build());
  }

  private static void sql(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
