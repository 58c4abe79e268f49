package dev.natsaga.sample.booking;

import static dev.natsaga.sample.booking.PaymentContract.AUTHORIZE;
import static dev.natsaga.sample.booking.PaymentContract.AUTHORIZED;
import static dev.natsaga.sample.booking.PaymentContract.CAPTURE;
import static dev.natsaga.sample.booking.PaymentContract.CAPTURED;
import static dev.natsaga.sample.booking.PaymentContract.DECLINED;
import static dev.natsaga.sample.booking.PaymentContract.REFUND;
import static dev.natsaga.sample.booking.PaymentContract.REFUNDED;
import static dev.natsaga.sample.booking.PaymentContract.VOID;
import static dev.natsaga.sample.booking.PaymentContract.VOIDED;

import dev.natsaga.saga.Command;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.StepContext;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booking saga, {@code booking.create} version 1:
 * <ol>
 *   <li>{@code reserve-slot} (local): hold the slot; a slot held by another live booking fails the saga here, before
 *       any payment. Compensation: release the slot.</li>
 *   <li>{@code authorize-payment}: {@code payment.transaction.authorize.v1} → {@code authorized.v1}, or
 *       {@code declined.v1} (fails the saga); timeout and retries from the settings, the command id staying the same so
 *       the payment service authorizes at most once. Compensation: {@code void.v1}, confirmed by {@code voided.v1}; it
 *       also runs when the step timed out on every attempt (the engine compensates such an uncertain step first: the
 *       payment may have been authorized with every reply lost), which the payment service's void accepts in any
 *       state.</li>
 *   <li>{@code confirm-booking} (local): the booking's status becomes CONFIRMED. Compensation: back to PENDING.</li>
 *   <li>{@code capture-payment}: {@code capture.v1} → {@code captured.v1}, or {@code declined.v1}. Compensation:
 *       {@code refund.v1}, confirmed by {@code refunded.v1} (only runs if a later step is ever added).</li>
 * </ol>
 * When it ends, its outcome hooks ({@link BookingOutcomes}) record CONFIRMED (completed) or CANCELLED (compensated) and
 * write the booking event to the outbox, in the saga's final transaction.
 */
final class BookingSaga {

  static final String NAME = "booking.create";
  static final String RESERVE_SLOT = "reserve-slot";
  static final String AUTHORIZE_PAYMENT = "authorize-payment";
  static final String CONFIRM_BOOKING = "confirm-booking";
  static final String CAPTURE_PAYMENT = "capture-payment";

  private static final Logger LOG = LoggerFactory.getLogger(BookingSaga.class);

  private BookingSaga() {
  }

  /** The caller key of a booking's saga: starting it twice returns the first saga. */
  static String callerKey(String bookingId) {
    return "booking-" + bookingId;
  }

  /** The booking id of a saga's caller key, or null. */
  static String bookingIdOf(String callerKey) {
    return callerKey != null && callerKey.startsWith("booking-") ? callerKey.substring("booking-".length()) : null;
  }

  static SagaDefinition<BookingState> definition(Duration paymentTimeout, int paymentAttempts, Clock clock) {
    Retry paymentRetry = Retry.exponential(paymentAttempts, Duration.ofSeconds(1)).withMaxDelay(Duration.ofSeconds(30));
    // a void or refund is retried for about ten minutes (the payment service may be down), then the saga is parked
    // as COMPENSATION_FAILED for an operator; the command id stays the same, so it takes effect at most once
    Retry releaseRetry = Retry.exponential(14, Duration.ofSeconds(1)).withMaxDelay(Duration.ofMinutes(1));
    return Saga.define(NAME, BookingState.class)
        .version(1)
        .step(RESERVE_SLOT)
            .localRun(ctx -> reserveSlot(ctx, clock))
            .compensateAndRecord(BookingSaga::releaseSlot)
        .step(AUTHORIZE_PAYMENT)
            .send(s -> Command.of(AUTHORIZE, new PaymentContract.Authorize(s.bookingId(), s.customerId(), s.amount(), s.currency(), s.card()))
                .withSubject(s.bookingId()))
            .onReply(AUTHORIZED, PaymentContract.Authorized.class, BookingState::withPayment)
            .failOn(DECLINED)
            .timeout(paymentTimeout).retry(paymentRetry)
            .compensateWith(s -> release(VOID, s))
                .confirmedBy(VOIDED).compensationRetry(releaseRetry)
        .step(CONFIRM_BOOKING)
            .localRun(ctx -> confirm(ctx, clock))
            .compensate(ctx -> unconfirm(ctx, clock))
        .step(CAPTURE_PAYMENT)
            .send(s -> Command.of(CAPTURE, new PaymentContract.Capture(s.bookingId())).withSubject(s.bookingId()))
            .onReply(CAPTURED, PaymentContract.Authorized.class, BookingState::withCapture)
            .failOn(DECLINED)
            .timeout(paymentTimeout).retry(paymentRetry)
            .compensateWith(s -> release(REFUND, s))
                .confirmedBy(REFUNDED).compensationRetry(releaseRetry)
        .onCompleted(BookingOutcomes.confirmed(clock))
        .onCompensated(BookingOutcomes.cancelled(clock))
        .build();
  }

  static Command release(String type, BookingState s) {
    return Command.of(type, new PaymentContract.Release(s.bookingId(), s.amount(), s.currency(), "booking " + s.bookingId() + " cancelled"))
        .withSubject(s.bookingId());
  }

  private static void reserveSlot(StepContext<BookingState> ctx, Clock clock) throws Exception {
    BookingState s = ctx.state();
    SlotHolds.hold(ctx.connection(), s.slotId(), s.bookingId(), clock.instant());
    LOG.info("booking {}: slot '{}' held", s.bookingId(), s.slotId());
  }

  /** Releases the slot; the cancelled saga keeps no card detail either. */
  private static BookingState releaseSlot(StepContext<BookingState> ctx) throws Exception {
    BookingState s = ctx.state();
    boolean released = SlotHolds.release(ctx.connection(), s.slotId(), s.bookingId());
    LOG.info("booking {}: slot '{}' {}", s.bookingId(), s.slotId(), released ? "released" : "was not held by it");
    return s.withoutCard();
  }

  private static void confirm(StepContext<BookingState> ctx, Clock clock) throws Exception {
    BookingState s = ctx.state();
    if (!BookingStore.changeStatus(ctx.connection(), s.bookingId(), BookingStatus.PENDING, BookingStatus.CONFIRMED, clock.instant())) {
      throw new IllegalStateException("booking " + s.bookingId() + " is not PENDING, so it cannot be confirmed");
    }
    LOG.info("booking {}: confirmed (payment {} authorized)", s.bookingId(), s.paymentId());
  }

  private static void unconfirm(StepContext<BookingState> ctx, Clock clock) throws Exception {
    BookingState s = ctx.state();
    BookingStore.changeStatus(ctx.connection(), s.bookingId(), BookingStatus.CONFIRMED, BookingStatus.PENDING, clock.instant());
    LOG.info("booking {}: confirmation withdrawn", s.bookingId());
  }
}
