package dev.natsaga.sample.booking;

import dev.natsaga.framework.logging.MdcScope;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStart;
import dev.natsaga.saga.SagaView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Books: stores the booking, starts its saga, and reads bookings with their saga. */
final class BookingService {

  private static final Logger LOG = LoggerFactory.getLogger(BookingService.class);

  private final DataSource dataSource;
  private final SagaEngine engine;
  private final SagaDefinition<BookingState> saga;
  private final Clock clock;

  BookingService(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> saga, Clock clock) {
    this.dataSource = dataSource;
    this.engine = engine;
    this.saga = saga;
    this.clock = clock;
  }

  /** What {@code POST /bookings} answers. */
  record Accepted(String bookingId, UUID sagaId, BookingStatus status) {
  }

  /**
   * Stores the booking (PENDING) and starts its saga in one transaction: the booking row is written in the saga's start
   * transaction (with its saga id), whose first step (reserve-slot) runs there too, so a booking never exists without its
   * saga. (The outcome sweep still starts sagas of bookings stored without one by earlier versions.) The saga runs as
   * {@code actor}: every command and outcome event it emits carries it as {@code authtype}/{@code authid}.
   */
  Accepted book(BookingRequest r, SagaActor actor) throws SQLException {
    Instant now = clock.instant();
    String bookingId = UUID.randomUUID().toString();
    Booking pending = new Booking(bookingId, null, r.customerId(), r.serviceId(), r.slotId(), r.startTime(), r.endTime(),
        r.amount(), r.currency(), BookingStatus.PENDING, null, now, now, null);
    UUID sagaId = engine.start(saga, BookingState.of(pending, r.card()), SagaStart.builder().callerKey(BookingSaga.callerKey(bookingId))
        .beforeSteps((c, id) -> BookingStore.insert(c, pending.withSagaId(id))).actor(actor).build());
    try (MdcScope ignored = MdcScope.correlate(sagaId)) {
      LOG.info("booking {} accepted: slot '{}', {} {}{}, saga {}", bookingId, r.slotId(), r.amount(), r.currency(),
          r.card() != null ? ", card " + r.card().masked() : "", sagaId);
    }
    return new Accepted(bookingId, sagaId, BookingStatus.PENDING);
  }

  Optional<Booking> find(String bookingId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return BookingStore.find(c, bookingId);
    }
  }

  /** Waits until the saga has settled; see {@link dev.natsaga.saga.SagaQueries#await(UUID, Duration)}. */
  SagaView awaitSaga(UUID sagaId, Duration timeout) throws TimeoutException, InterruptedException {
    return engine.await(sagaId, timeout);
  }

  Optional<SagaView> saga(UUID sagaId) {
    return engine.find(sagaId);
  }
}
