package dev.natsaga.sample.payment;

import static dev.natsaga.sample.payment.PaymentMessages.AUTHORIZED;
import static dev.natsaga.sample.payment.PaymentMessages.CAPTURED;
import static dev.natsaga.sample.payment.PaymentMessages.DECLINED;
import static dev.natsaga.sample.payment.PaymentMessages.REFUNDED;
import static dev.natsaga.sample.payment.PaymentMessages.VOIDED;

import dev.natsaga.sample.payment.PaymentMessages.Authorize;
import dev.natsaga.sample.payment.PaymentMessages.Authorized;
import dev.natsaga.sample.payment.PaymentMessages.Capture;
import dev.natsaga.sample.payment.PaymentMessages.Declined;
import dev.natsaga.sample.payment.PaymentMessages.Refund;
import dev.natsaga.sample.payment.PaymentMessages.Released;
import dev.natsaga.sample.payment.PaymentMessages.VoidPayment;
import dev.natsaga.saga.participant.CommandReply;
import dev.natsaga.saga.participant.SagaCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment service's business rules, one method per command. Each runs inside the participant's transaction
 * ({@link SagaCommand#connection()}), so the payment row and the recorded reply commit together, and a repeated
 * command (same command id) never reaches these methods: the participant answers it with the stored reply.
 *
 * <p>Beyond that, every rule is idempotent per booking, so a compensation always terminates:
 * <ul>
 *   <li>authorize: above the limit → {@code DECLINED}; otherwise {@code AUTHORIZED}. A booking that already has a
 *       payment gets the answer that payment implies (authorized again, or declined when it was declined, voided or
 *       refunded: a late authorization after a void never holds money).</li>
 *   <li>capture: {@code AUTHORIZED} → {@code CAPTURED}; captured again → captured; anything else → declined.</li>
 *   <li>void: releases whatever is held and always answers voided: {@code AUTHORIZED} → {@code VOIDED},
 *       {@code CAPTURED} → {@code REFUNDED} (a void that finds the money taken gives it back), an unknown booking gets a
 *       {@code VOIDED} marker row so an authorization arriving later is declined; declined, voided and refunded
 *       payments stay as they are.</li>
 *   <li>refund: {@code CAPTURED} → {@code REFUNDED}, {@code AUTHORIZED} → {@code VOIDED}, otherwise like void; always
 *       answers refunded.</li>
 * </ul>
 */
final class PaymentCommands {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentCommands.class);
  private static final String NO_CURRENCY = "XXX";

  private final long declineAbove;
  private final Clock clock;

  PaymentCommands(long declineAbove, Clock clock) {
    this.declineAbove = declineAbove;
    this.clock = clock;
  }

  CommandReply authorize(SagaCommand<Authorize> cmd) throws SQLException {
    Authorize a = cmd.data();
    String invalid = invalid(a);
    if (invalid != null) {
      LOG.info("authorize for booking {} refused: {}", a.bookingId(), invalid);
      return cmd.fail(DECLINED, new Declined(a.bookingId(), invalid));
    }
    Connection c = cmd.connection();
    Optional<Payment> existing = PaymentStore.lock(c, a.bookingId());
    if (existing.isPresent()) {
      return authorizeAgain(cmd, existing.get());
    }
    Instant now = clock.instant();
    if (a.amount() > declineAbove) {
      String reason = "amount " + a.amount() + " " + a.currency() + " is above the limit of " + declineAbove;
      Payment declined = new Payment(a.bookingId(), newId(), PaymentStatus.DECLINED, a.amount(), a.currency(), reason, now, now,
          masked(a.card()));
      PaymentStore.insert(c, declined);
      LOG.info("payment for booking {} DECLINED: {}", a.bookingId(), reason);
      return cmd.fail(DECLINED, new Declined(a.bookingId(), reason));
    }
    Payment authorized = new Payment(a.bookingId(), newId(), PaymentStatus.AUTHORIZED, a.amount(), a.currency(), null, now, now,
        masked(a.card()));
    PaymentStore.insert(c, authorized);
    LOG.info("payment {} for booking {} AUTHORIZED: {} {}{}", authorized.paymentId(), a.bookingId(), a.amount(), a.currency(),
        a.card() != null ? " on card " + authorized.cardMasked() : "");
    return cmd.succeed(AUTHORIZED, authorized(authorized));
  }

  private CommandReply authorizeAgain(SagaCommand<Authorize> cmd, Payment p) {
    return switch (p.status()) {
      case AUTHORIZED, CAPTURED -> {
        LOG.info("booking {} is already {}: authorized again without a second hold", p.bookingId(), p.status());
        yield cmd.succeed(AUTHORIZED, authorized(p));
      }
      case DECLINED -> cmd.fail(DECLINED, new Declined(p.bookingId(), p.reason()));
      case VOIDED, REFUNDED -> {
        String reason = "the payment of booking " + p.bookingId() + " was already " + p.status() + "; a late authorization is refused";
        LOG.info("authorize for booking {} refused: {}", p.bookingId(), reason);
        yield cmd.fail(DECLINED, new Declined(p.bookingId(), reason));
      }
    };
  }

  CommandReply capture(SagaCommand<Capture> cmd) throws SQLException {
    String bookingId = cmd.data().bookingId();
    if (blank(bookingId)) {
      return cmd.fail(DECLINED, new Declined(bookingId, "field 'bookingId' is required"));
    }
    Connection c = cmd.connection();
    Optional<Payment> found = PaymentStore.lock(c, bookingId);
    if (found.isEmpty()) {
      LOG.info("capture for booking {} refused: no authorization", bookingId);
      return cmd.fail(DECLINED, new Declined(bookingId, "booking " + bookingId + " has no authorized payment"));
    }
    Payment p = found.get();
    if (p.status() == PaymentStatus.AUTHORIZED) {
      p = p.withStatus(PaymentStatus.CAPTURED, null, clock.instant());
      PaymentStore.update(c, p);
      LOG.info("payment {} for booking {} CAPTURED: {} {}", p.paymentId(), bookingId, p.amount(), p.currency());
    } else if (p.status() != PaymentStatus.CAPTURED) {
      String reason = "the payment of booking " + bookingId + " is " + p.status() + " and cannot be captured";
      LOG.info("capture for booking {} refused: {}", bookingId, reason);
      return cmd.fail(DECLINED, new Declined(bookingId, reason));
    }
    return cmd.succeed(CAPTURED, authorized(p));
  }

  CommandReply voidPayment(SagaCommand<VoidPayment> cmd) throws SQLException {
    VoidPayment v = cmd.data();
    return cmd.succeed(VOIDED, release(cmd.connection(), v.bookingId(), v.amount(), v.currency(), reasonOr(v.reason(), "voided"), "void"));
  }

  CommandReply refund(SagaCommand<Refund> cmd) throws SQLException {
    Refund r = cmd.data();
    return cmd.succeed(REFUNDED, release(cmd.connection(), r.bookingId(), r.amount(), r.currency(), reasonOr(r.reason(), "refunded"), "refund"));
  }

  /** Releases whatever the booking's payment holds or took; see the class comment. */
  private Released release(Connection c, String bookingId, Long amount, String currency, String reason, String what) throws SQLException {
    if (blank(bookingId)) {
      LOG.warn("{} without a bookingId: nothing to release", what);
      return new Released(bookingId, null);
    }
    Optional<Payment> found = PaymentStore.lock(c, bookingId);
    Instant now = clock.instant();
    if (found.isEmpty()) {
      Payment marker = new Payment(bookingId, newId(), PaymentStatus.VOIDED, amount == null || amount < 0 ? 0 : amount,
          blank(currency) || currency.length() != 3 ? NO_CURRENCY : currency, reason + " (before any authorization)", now, now, null);
      PaymentStore.insert(c, marker);
      LOG.info("{} for booking {} without a payment: recorded VOIDED so a late authorization is declined", what, bookingId);
      return new Released(bookingId, marker.status().name());
    }
    Payment p = found.get();
    PaymentStatus next = switch (p.status()) {
      case AUTHORIZED -> PaymentStatus.VOIDED;
      case CAPTURED -> PaymentStatus.REFUNDED;
      default -> p.status();
    };
    if (next != p.status()) {
      PaymentStore.update(c, p.withStatus(next, reason, now));
      LOG.info("payment {} for booking {} {} by {}: {} {}", p.paymentId(), bookingId, next, what, p.amount(), p.currency());
    } else {
      LOG.info("{} for booking {}: payment is {}, nothing to release", what, bookingId, p.status());
    }
    return new Released(bookingId, next.name());
  }

  private static String invalid(Authorize a) {
    if (blank(a.bookingId())) {
      return "field 'bookingId' is required";
    }
    if (a.amount() == null || a.amount() <= 0) {
      return "field 'amount' must be a positive integer (minor units)";
    }
    if (a.currency() == null || !a.currency().matches("[A-Z]{3}")) {
      return "field 'currency' must be a three-letter ISO 4217 code";
    }
    return a.card() == null ? null : a.card().invalid();
  }

  private static String masked(PaymentMessages.Card card) {
    return card == null ? null : card.masked();
  }

  private static Authorized authorized(Payment p) {
    return new Authorized(p.bookingId(), p.paymentId(), p.amount(), p.currency());
  }

  private static String reasonOr(String reason, String fallback) {
    return blank(reason) ? fallback : reason;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
