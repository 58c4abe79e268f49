package dev.natsaga.sample.booking;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Json;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.store.SagaInstance;
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
 * {@link OutboxRelay} publishes it. Exactly once: the booking row is locked and must not be settled yet.
 *
 * <p>Triggered right after the saga's final transaction commits ({@link ObservedSagaStore}); a crash in between is
 * repaired by {@link #sweep()}, which also starts the saga of a booking whose request died between storing the
 * booking and starting it (the caller key makes that start idempotent).
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

  /** Called after a saga's final transaction committed. */
  void sagaFinished(SagaInstance instance) {
    String bookingId = BookingSaga.bookingIdOf(instance.callerKey());
    if (!saga.name().equals(instance.sagaType()) || bookingId == null) {
      return;
    }
    try {
      settle(bookingId, instance.id());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("booking {}: recording the outcome of saga {} failed, the sweep retries: {}", bookingId, instance.id(), e.toString());
    }
  }

  /**
   * Records the outcome of {@code bookingId} if its saga has finished and it is not recorded yet.
   *
   * @return whether it recorded it now
   */
  boolean settle(String bookingId, UUID sagaId) throws SQLException {
    Optional<SagaView> view = engine.find(sagaId);
    if (view.isEmpty() || !view.get().status().isFinal()) {
      return false;
    }
    SagaView finished = view.get();
    boolean settled = Sql.inTransaction(dataSource, c -> {
      Optional<Booking> booking = BookingStore.lockUnsettled(c, bookingId);
      if (booking.isEmpty()) {
        return false;
      }
      return finished.status() == SagaStatus.COMPLETED ? confirm(c, booking.get(), finished) : cancel(c, booking.get(), finished);
    });
    if (settled) {
      relay.wake();
    }
    return settled;
  }

  private boolean confirm(Connection c, Booking b, SagaView view) throws SQLException {
    Instant now = clock.instant();
    UUID sagaId = view.instance().id();
    BookingStore.settle(c, b.bookingId(), BookingStatus.CONFIRMED, null, sagaId, now);
    Map<String, Object> event = payload(b, sagaId);
    event.put("paymentId", paymentId(view));
    event.put("confirmedAt", now.toString());
    BookingOutbox.add(c, CONFIRMED_EVENT, b.bookingId(), event, correlation(sagaId), now);
    LOG.info("booking {}: CONFIRMED (saga {} completed)", b.bookingId(), sagaId);
    return true;
  }

  private boolean cancel(Connection c, Booking b, SagaView view) throws SQLException {
    Instant now = clock.instant();
    UUID sagaId = view.instance().id();
    String reason = reason(view.instance().failureReason());
    BookingStore.settle(c, b.bookingId(), BookingStatus.CANCELLED, reason, sagaId, now);
    Map<String, Object> event = payload(b, sagaId);
    event.put("reason", reason);
    event.put("cancelledAt", now.toString());
    BookingOutbox.add(c, CANCELLED_EVENT, b.bookingId(), event, correlation(sagaId), now);
    LOG.info("booking {}: CANCELLED: {}", b.bookingId(), reason);
    return true;
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

  private static String paymentId(SagaView view) {
    try {
      return Json.mapper().readValue(view.instance().stateJson(), BookingState.class).paymentId();
    } catch (JsonProcessingException e) {
      LOG.warn("saga {}: state unreadable as BookingState: {}", view.instance().id(), e.getOriginalMessage());
      return null;
    }
  }

  private static Map<String, String> correlation(UUID sagaId) {
    Map<String, String> extensions = new LinkedHashMap<>();
    extensions.put("correlationid", sagaId.toString());
    return extensions;
  }
}
