package dev.natsaga.sample.booking;

import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
   * Stores the booking (PENDING) and starts its saga, whose first step (reserve-slot) runs in the start's transaction.
   * If the process dies between the two, the outcome sweep starts the saga later (same caller key, so never twice).
   */
  Accepted book(BookingRequest r) throws SQLException {
    Instant now = clock.instant();
    Booking booking = new Booking(UUID.randomUUID().toString(), null, r.customerId(), r.serviceId(), r.slotId(), r.startTime(),
        r.endTime(), r.amount(), r.currency(), BookingStatus.PENDING, null, now, now, null);
    try (Connection c = dataSource.getConnection()) {
      BookingStore.insert(c, booking);
    }
    UUID sagaId = engine.start(saga, BookingState.of(booking), BookingSaga.callerKey(booking.bookingId()));
    try (Connection c = dataSource.getConnection()) {
      BookingStore.setSagaId(c, booking.bookingId(), sagaId);
    }
    ObservedSagaStore.correlate(sagaId);
    try {
      LOG.info("booking {} accepted: slot '{}', {} {}, saga {}", booking.bookingId(), r.slotId(), r.amount(), r.currency(), sagaId);
    } finally {
      MDC.remove(ObservedSagaStore.MDC_KEY);
    }
    return new Accepted(booking.bookingId(), sagaId, BookingStatus.PENDING);
  }

  Optional<Booking> find(String bookingId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return BookingStore.find(c, bookingId);
    }
  }

  Optional<SagaView> saga(UUID sagaId) {
    return engine.find(sagaId);
  }
}
