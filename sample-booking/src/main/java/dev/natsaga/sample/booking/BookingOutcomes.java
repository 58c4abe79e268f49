package dev.natsaga.sample.booking;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Json;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.SagaStoreException;
import dev.natsaga.saga.store.SagaTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a booking's outcome once its saga has finished: in one transaction of the booking database the booking
 * becomes CONFIRMED (saga {@code COMPLETED}) or CANCELLED with a reason (saga {@code COMPENSATED}), and its event
 * ({@code booking.appointment.confirmed.v1} / {@code cancelled.v1}) is written to {@code booking_outbox}; the
 * {@link OutboxRelay} publishes it. Exactly once: the settling update only counts while the booking is unsettled.
 *
 * <p>Recorded inside the saga's final transaction ({@link ObservedSagaStore}), so the saga cannot finish without its
 * booking's outcome; {@link #sweep()} settles what that path did not (bookings of sagas finished before it existed) and
 * starts the saga of a booking whose request died between storing the booking and starting it (the caller key makes
 * that start idempotent).
 *
 * <p>No void is sent here for a payment whose authorization timed out: the saga engine compensates a remote step
 * that timed out on every attempt (its outcome is unknown), so {@code authorize-payment}'s void runs in that case,
 * and the payment service makes void safe in every state.
 */
final class BookingOutcomes {

  static final String CONFIRMED_EVENT = "booking.appointment.confirmed.v1";
  static final String CANCELLED_EVENT = "booking.appointment.cancelled.v1";

  private static final Logger LOG = LoggerFactory.getLogger(BookingOutcomes.class);
  private static final int SWEEP_BATCH = 100;

  private final DataSource dataSource;
  private final SagaEngine engine;
  private final SagaDefinition<BookingState> saga;
  private final OutboxRelay relay;
  private final Clock clock;

  BookingOutcomes(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> saga, OutboxRelay relay, Clock clock) {
    this.dataSource = dataSource;
    this.engine = engine;
    this.saga = saga;
    this.relay = relay;
    this.clock = clock;
  }

  /**
   * Called inside the transaction that leaves a saga finished, before it commits: records the booking's outcome on the
   * saga's connection, so the saga's final state, the booking's status and its event commit together (or, when the
   * transaction loses a race and rolls back, none of them). Logs and wakes the event relay after the commit.
   */
  void sagaFinished(SagaTransaction tx, SagaInstance instance) {
    String bookingId = BookingSaga.bookingIdOf(instance.callerKey());
    if (!saga.name().equals(instance.sagaType()) || bookingId == null) {
      return;
    }
    try {
      String outcome = record(tx.connection(), bookingId, instance);
      if (outcome != null) {
        tx.afterCommit(() -> {
          LOG.info("booking {}: {}", bookingId, outcome);
          relay.wake();
        });
      }
    } catch (SQLException e) {
      throw new SagaStoreException("booking " + bookingId + ": recording the outcome of saga " + instance.id() + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * Records the outcome of {@code bookingId} if its saga has finished and it is not recorded yet (the sweep's path).
   *
   * @return whether it recorded it now
   */
  boolean settle(String bookingId, UUID sagaId) throws SQLException {
    Optional<SagaView> view = engine.find(sagaId);
    if (view.isEmpty() || !view.get().status().isFinal()) {
      return false;
    }
    String outcome = Sql.inTransaction(dataSource, c -> record(c, bookingId, view.get().instance()));
    if (outcome == null) {
      return false;
    }
    LOG.info("booking {}: {}", bookingId, outcome);
    relay.wake();
    return true;
  }

  /**
   * Settles the booking on {@code c} unless it is settled already; @return the outcome to log, or null. Exactly once
   * without a row lock: the settling update is conditional ({@code settled_at IS NULL}), a concurrent settler waits for
   * the row and then updates nothing, and only the transaction whose update counted writes the event.
   */
  private String record(Connection c, String bookingId, SagaInstance finished) throws SQLException {
    Optional<Booking> booking = BookingStore.find(c, bookingId).filter(b -> b.settledAt() == null);
    if (booking.isEmpty()) {
      return null;
    }
    return finished.status() == SagaStatus.COMPLETED ? confirm(c, booking.get(), finished) : cancel(c, booking.get(), finished);
  }

  private String confirm(Connection c, Booking b, SagaInstance saga) throws SQLException {
    Instant now = clock.instant();
    if (!BookingStore.settle(c, b.bookingId(), BookingStatus.CONFIRMED, null, saga.id(), now)) {
      return null;
    }
    Map<String, Object> event = payload(b, saga.id());
    event.put("paymentId", paymentId(saga));
    event.put("confirmedAt", now.toString());
    BookingOutbox.add(c, CONFIRMED_EVENT, b.bookingId(), event, correlation(saga.id()), now);
    return "CONFIRMED (saga " + saga.id() + " completed)";
  }

  private String cancel(Connection c, Booking b, SagaInstance saga) throws SQLException {
    Instant now = clock.instant();
    String reason = reason(saga.failureReason());
    if (!BookingStore.settle(c, b.bookingId(), BookingStatus.CANCELLED, reason, saga.id(), now)) {
      return null;
    }
    Map<String, Object> event = payload(b, saga.id());
    event.put("reason", reason);
    event.put("cancelledAt", now.toString());
    BookingOutbox.add(c, CANCELLED_EVENT, b.bookingId(), event, correlation(saga.id()), now);
    return "CANCELLED: " + reason;
  }


  /** A reason for people, from the saga's failure reason. */
  static String reason(String failure) {
    if (failure == null) {
      return "cancelled";
    }
    String slotPrefix = "step '" + BookingSaga.RESERVE_SLOT + "' failed: ";
    if (failure.startsWith(slotPrefix)) {
      String message = failure.substring(slotPrefix.length());
      String exception = SlotHeldException.class.getSimpleName() + ": ";
      return message.startsWith(exception) ? message.substring(exception.length()) : message;
    }
    if (failure.startsWith("step '" + BookingSaga.AUTHORIZE_PAYMENT + "' failed with " + PaymentContract.DECLINED)) {
      return "payment declined (" + failure + ")";
    }
    if (failure.startsWith("step '" + BookingSaga.AUTHORIZE_PAYMENT + "' timed out")) {
      return "the payment service did not answer (" + failure + ")";
    }
    if (failure.startsWith("step '" + BookingSaga.CAPTURE_PAYMENT + "'")) {
      return "payment capture failed (" + failure + ")";
    }
    return failure;
  }

  /**
   * Repairs what a crash left behind: bookings older than {@code minAge} without an outcome get their saga started
   * (if the request died before) and their outcome recorded (if the saga finished).
   *
   * @return how many outcomes it recorded
   */
  int sweep(Duration minAge) throws SQLException {
    List<Booking> unsettled;
    try (Connection c = dataSource.getConnection()) {
      unsettled = BookingStore.unsettled(c, clock.instant().minus(minAge), SWEEP_BATCH);
    }
    int settled = 0;
    for (Booking b : unsettled) {
      UUID sagaId = b.sagaId() != null ? b.sagaId() : startSaga(b);
      settled += settle(b.bookingId(), sagaId) ? 1 : 0;
    }
    return settled;
  }

  /** Starts (or finds: the caller key is idempotent) the saga of a booking stored without one. */
  UUID startSaga(Booking b) throws SQLException {
    UUID sagaId = engine.start(saga, BookingState.of(b), BookingSaga.callerKey(b.bookingId()));
    try (Connection c = dataSource.getConnection()) {
      BookingStore.setSagaId(c, b.bookingId(), sagaId);
    }
    return sagaId;
  }

  private static Map<String, Object> payload(Booking b, UUID sagaId) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("bookingId", b.bookingId());
    event.put("sagaId", sagaId.toString());
    event.put("customerId", b.customerId());
    event.put("serviceId", b.serviceId());
    event.put("slotId", b.slotId());
    event.put("startTime", ISO_OFFSET_DATE_TIME.format(b.startTime()));
    event.put("endTime", ISO_OFFSET_DATE_TIME.format(b.endTime()));
    event.put("amount", b.amount());
    event.put("currency", b.currency());
    return event;
  }

  private static String paymentId(SagaInstance saga) {
    try {
      return Json.mapper().readValue(saga.stateJson(), BookingState.class).paymentId();
    } catch (JsonProcessingException e) {
      LOG.warn("saga {}: state unreadable as BookingState: {}", saga.id(), e.getOriginalMessage());
      return null;
    }
  }

  private static Map<String, String> correlation(UUID sagaId) {
    Map<String, String> extensions = new LinkedHashMap<>();
    extensions.put("correlationid", sagaId.toString());
    return extensions;
  }
}
