package dev.natsaga.sample.booking;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.outbox.OutboxWriter;
import dev.natsaga.saga.OutcomeHook;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaOutcome;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
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
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a booking's outcome when its saga ends, as the saga's outcome hooks ({@link #confirmed(Clock)},
 * {@link #cancelled(Clock)}): in the saga's final transaction the booking becomes CONFIRMED (saga {@code COMPLETED}) or
 * CANCELLED with a reason (saga {@code COMPENSATED}), and its event ({@code booking.appointment.confirmed.v1} /
 * {@code cancelled.v1}) is written to the transactional outbox, which the orchestrator's relay publishes. The saga
 * cannot finish without its booking's outcome, and exactly once: the settling update only counts while the booking is
 * unsettled.
 *
 * <p>{@link #sweep(Duration)} settles what the hooks did not (bookings of sagas that finished before this version)
 * and starts the saga of a booking stored without one by an earlier version (the caller key makes that start
 * idempotent); its events go to the same outbox, on the booking database's connection.
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
  private final Clock clock;

  BookingOutcomes(DataSource dataSource, SagaEngine engine, SagaDefinition<BookingState> saga, Clock clock) {
    this.dataSource = dataSource;
    this.engine = engine;
    this.saga = saga;
    this.clock = clock;
  }

  /** What one settled booking needs: the saga that ended, how, why, and the payment it authorized. */
  private record Ending(UUID sagaId, SagaStatus status, String failure, String paymentId) {
  }

  /** The {@code onCompleted} hook: CONFIRMED and its event, in the saga's final transaction. */
  static OutcomeHook<BookingState> confirmed(Clock clock) {
    return (state, outcome) -> hook(state, outcome, clock);
  }

  /** The {@code onCompensated} hook: CANCELLED with a reason and its event, in the saga's final transaction. */
  static OutcomeHook<BookingState> cancelled(Clock clock) {
    return (state, outcome) -> hook(state, outcome, clock);
  }

  private static void hook(BookingState state, SagaOutcome outcome, Clock clock) throws SQLException {
    Ending ending = new Ending(outcome.sagaId(), outcome.status(), outcome.reason(), state.paymentId());
    String recorded = record(outcome.connection(), state.bookingId(), ending, clock, outcome::publish);
    if (recorded != null) {
      outcome.afterCommit(() -> LOG.info("booking {}: {}", state.bookingId(), recorded));
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
    SagaView v = view.get();
    Ending ending = new Ending(v.id(), v.status(), v.failureReason(), paymentId(v));
    String outcome = Sql.inTransaction(dataSource, c -> record(c, bookingId, ending, clock, e -> OutboxWriter.write(c, e)));
    if (outcome == null) {
      return false;
    }
    LOG.info("booking {}: {}", bookingId, outcome);
    return true;
  }

  /**
   * Settles the booking on {@code c} unless it is settled already; @return the outcome to log, or null. Exactly once
   * without a row lock: the settling update is conditional ({@code settled_at IS NULL}), a concurrent settler waits for
   * the row and then updates nothing, and only the transaction whose update counted writes the event.
   */
  private static String record(Connection c, String bookingId, Ending ending, Clock clock,
                               Consumer<OutgoingEvent<?>> publish) throws SQLException {
    Optional<Booking> booking = BookingStore.find(c, bookingId).filter(b -> b.settledAt() == null);
    if (booking.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    boolean confirmed = ending.status() == SagaStatus.COMPLETED;
    String reason = confirmed ? null : reason(ending.failure());
    if (!BookingStore.settle(c, bookingId, confirmed ? BookingStatus.CONFIRMED : BookingStatus.CANCELLED, reason,
        ending.sagaId(), now)) {
      return null;
    }
    Map<String, Object> event = payload(booking.get(), ending.sagaId());
    if (confirmed) {
      event.put("paymentId", ending.paymentId());
      event.put("confirmedAt", now.toString());
    } else {
      event.put("reason", reason);
      event.put("cancelledAt", now.toString());
    }
    publish.accept(OutgoingEvent.event(confirmed ? CONFIRMED_EVENT : CANCELLED_EVENT, event).subject(bookingId)
        .correlationId(ending.sagaId().toString()).build());
    return confirmed ? "CONFIRMED (saga " + ending.sagaId() + " completed)" : "CANCELLED: " + reason;
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

  private static String paymentId(SagaView saga) {
    try {
      return Json.mapper().readValue(saga.stateJson(), BookingState.class).paymentId();
    } catch (JsonProcessingException e) {
      LOG.warn("saga {}: state unreadable as BookingState: {}", saga.id(), e.getOriginalMessage());
      return null;
    }
  }
}
