package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The invariants checked in the services' databases and in the streams, which also cover bookings the run never
 * heard of (a POST whose answer was lost when the service was killed): every booking settled, slot holds only by
 * confirmed bookings, every saga finished, the outbox drained, the payment database agreeing with every booking, no
 * authorization or capture handled twice, one outcome event per booking, and the DLQ.
 */
final class StoreChecks {

  static final String DB_SETTLED = "every booking in the booking database settled (also those whose POST answer was lost)";
  static final String DB_KNOWN = "every booking and saga in the database belongs to a POST accepted with a 202 (bad input started nothing)";
  static final String DB_HOLDS = "slot holds: each CONFIRMED booking holds its slot, no other booking holds one";
  static final String DB_SAGAS = "no saga RUNNING, COMPENSATING or COMPENSATION_FAILED in the saga store";
  static final String DB_OUTBOX = "outbox drained (saga commands and booking events all published)";
  static final String DB_PAYMENTS = "payment database agrees with every booking (CONFIRMED: CAPTURED with the saga's payment id; else none held)";
  static final String DB_ONCE = "no payment authorized or captured twice (distinct commands handled per saga, payment ids)";
  static final String EVENTS = "one outcome event per settled booking, of the matching type";
  static final String DLQ = "DLQ holds nothing but deliberate poison";

  private static final Set<String> RELEASED = Set.of("DECLINED", "VOIDED", "REFUNDED");
  private static final String AUTHORIZE = "payment.transaction.authorize.v1";
  private static final String CAPTURE = "payment.transaction.capture.v1";

  private final Report report;
  private final boolean strictCommands;

  /**
   * @param strictCommands whether a second successful authorize or capture command of one saga is a violation (the
   *                       fault run, where every command comes from the saga), or only a second payment id is (the
   *                       fuzz run, which replays commands without their command id on purpose)
   */
  StoreChecks(Report report, boolean strictCommands) {
    this.report = report;
    this.strictCommands = strictCommands;
  }

  void check(DatabaseSnapshot db, List<BookingRecord> records, boolean everyBookingKnown) {
    Set<String> known = records.stream().filter(BookingRecord::accepted).map(r -> r.bookingId).collect(Collectors.toSet());
    long unknown = db.bookings().keySet().stream().filter(id -> !known.contains(id)).count();
    report.figure("bookings in the booking database", db.bookings().size() + " (" + unknown + " not known to the run: POST answer lost)");
    Report.Check settled = report.check(DB_SETTLED);
    Report.Check knownCheck = everyBookingKnown ? report.check(DB_KNOWN) : null;
    for (DatabaseSnapshot.Booking b : db.bookings().values()) {
      settled.verify(b.settled() && ("CONFIRMED".equals(b.status()) || "CANCELLED".equals(b.status())),
          "booking " + b.bookingId() + " is " + b.status() + (b.settled() ? "" : " (not settled)") + ", saga " + b.sagaId());
      if (knownCheck != null) {
        knownCheck.verify(known.contains(b.bookingId()), "booking " + b.bookingId() + " (slot " + b.slotId() + ") was never accepted by the run");
      }
    }
    if (knownCheck != null) {
      for (DatabaseSnapshot.Saga saga : db.sagas().values()) {
        String bookingId = saga.callerKey() != null && saga.callerKey().startsWith("booking-") ? saga.callerKey().substring(8) : null;
        knownCheck.verify(bookingId != null && known.contains(bookingId), "saga " + saga.id() + " (" + saga.callerKey()
            + ") belongs to no accepted booking");
      }
    }
    checkHolds(db);
    checkSagas(db);
    Report.Check outbox = report.check(DB_OUTBOX);
    outbox.verify(db.outboxUnpublished() == 0, db.outboxUnpublished() + " outbox row(s) unpublished (natsaga_outbox)");
    checkPayments(db);
    checkOnce(db);
  }

  private void checkHolds(DatabaseSnapshot db) {
    Report.Check c = report.check(DB_HOLDS);
    db.slotHolds().forEach((slot, holder) -> {
      DatabaseSnapshot.Booking b = db.bookings().get(holder);
      c.verify(b != null && "CONFIRMED".equals(b.status()), "slot " + slot + " held by booking " + holder + " which is "
          + (b == null ? "unknown" : b.status()));
    });
    for (DatabaseSnapshot.Booking b : db.bookings().values()) {
      if ("CONFIRMED".equals(b.status())) {
        c.verify(b.bookingId().equals(db.slotHolds().get(b.slotId())), "CONFIRMED booking " + b.bookingId() + " does not hold slot "
            + b.slotId() + " (held by " + db.slotHolds().get(b.slotId()) + ")");
      }
    }
  }

  private void checkSagas(DatabaseSnapshot db) {
    Report.Check c = report.check(DB_SAGAS);
    Map<String, Integer> byStatus = new TreeMap<>();
    for (DatabaseSnapshot.Saga s : db.sagas().values()) {
      byStatus.merge(s.status(), 1, Integer::sum);
      c.verify("COMPLETED".equals(s.status()) || "COMPENSATED".equals(s.status()), "saga " + s.id() + " (" + s.callerKey() + ") is "
          + s.status() + (s.failureReason() == null ? "" : ": " + s.failureReason()));
    }
    report.figure("sagas by status", byStatus);
  }

  private void checkPayments(DatabaseSnapshot db) {
    Report.Check c = report.check(DB_PAYMENTS);
    Map<String, String> paymentIdBySaga = new HashMap<>();
    db.sagas().values().forEach(s -> {
      if (s.paymentId() != null) {
        paymentIdBySaga.put(s.id(), s.paymentId());
      }
    });
    for (DatabaseSnapshot.Booking b : db.bookings().values()) {
      DatabaseSnapshot.Payment p = db.payments().get(b.bookingId());
      if ("CONFIRMED".equals(b.status())) {
        String sagaPayment = b.sagaId() == null ? null : paymentIdBySaga.get(b.sagaId());
        c.verify(p != null && "CAPTURED".equals(p.status()) && p.paymentId().equals(sagaPayment) && p.amount() == b.amount(),
            "CONFIRMED booking " + b.bookingId() + ": payment " + (p == null ? "absent" : p.status() + " " + p.paymentId() + " amount " + p.amount())
                + ", saga's payment id " + sagaPayment + ", booking amount " + b.amount());
      } else {
        c.verify(p == null || RELEASED.contains(p.status()), b.status() + " booking " + b.bookingId() + ": payment " + (p == null ? "" : p.status()));
      }
    }
    for (DatabaseSnapshot.Payment p : db.payments().values()) {
      if (!db.bookings().containsKey(p.bookingId())) {
        c.verify(RELEASED.contains(p.status()), "payment " + p.paymentId() + " " + p.status() + " for booking " + p.bookingId()
            + ", which the booking database does not know");
      }
    }
    Map<String, Integer> byStatus = new TreeMap<>();
    db.payments().values().forEach(p -> byStatus.merge(p.status(), 1, Integer::sum));
    report.figure("payments by status", byStatus);
  }

  /** Per saga: at most one successful authorize and one successful capture command, and one payment id authorized. */
  private void checkOnce(DatabaseSnapshot db) {
    Report.Check c = report.check(DB_ONCE);
    Map<String, List<DatabaseSnapshot.Command>> bySaga = db.commands().stream().collect(Collectors.groupingBy(DatabaseSnapshot.Command::sagaId));
    long incomplete = db.commands().stream().filter(x -> x.outcome() == null).count();
    long handled = db.commands().size();
    report.figure("commands handled by the payment service", handled + (incomplete == 0 ? "" : " (" + incomplete + " claimed, never completed)"));
    for (Map.Entry<String, List<DatabaseSnapshot.Command>> e : bySaga.entrySet()) {
      List<DatabaseSnapshot.Command> auth = e.getValue().stream().filter(x -> AUTHORIZE.equals(x.type()) && "SUCCESS".equals(x.outcome())).toList();
      Set<String> paymentIds = new HashSet<>();
      auth.forEach(x -> {
        String id = x.replyField("paymentId");
        if (id != null) {
          paymentIds.add(id);
        }
      });
      long captures = e.getValue().stream().filter(x -> CAPTURE.equals(x.type()) && "SUCCESS".equals(x.outcome())).count();
      boolean once = paymentIds.size() <= 1 && (!strictCommands || (auth.size() <= 1 && captures <= 1));
      c.verify(once, "saga " + e.getKey() + ": " + auth.size()
          + " authorize command(s) succeeded (payment ids " + paymentIds + "), " + captures + " capture command(s) succeeded");
    }
  }

  /** One outcome event ({@code booking.appointment.confirmed.v1} / {@code cancelled.v1}) per settled booking. */
  void checkOutcomeEvents(List<Streams.Stored> events, DatabaseSnapshot db) {
    Map<String, Set<String>> idsByBooking = new HashMap<>();
    Map<String, String> typeById = new HashMap<>();
    int copies = 0;
    for (Streams.Stored m : events) {
      JsonNode ce = CloudEvents.attributes(m);
      if (ce == null) {
        continue;
      }
      String type = ce.path("type").asText();
      if (!type.equals("booking.appointment.confirmed.v1") && !type.equals("booking.appointment.cancelled.v1")) {
        continue;
      }
      String bookingId = ce.path("subject").asText(null);
      String id = ce.path("id").asText();
      if (!idsByBooking.computeIfAbsent(bookingId, k -> new HashSet<>()).add(id)) {
        copies++;
      }
      typeById.put(id, type);
    }
    report.figure("outcome events in the booking stream", events.size() + (copies == 0 ? "" : " (" + copies + " stored copies of an event id)"));
    Report.Check c = report.check(EVENTS);
    for (DatabaseSnapshot.Booking b : db.bookings().values()) {
      if (!b.settled()) {
        continue;
      }
      Set<String> ids = idsByBooking.getOrDefault(b.bookingId(), Set.of());
      String expected = "CONFIRMED".equals(b.status()) ? "booking.appointment.confirmed.v1" : "booking.appointment.cancelled.v1";
      c.verify(ids.size() == 1 && expected.equals(typeById.get(ids.iterator().next())),
          b.status() + " booking " + b.bookingId() + ": outcome events " + ids.stream().map(typeById::get).toList());
    }
  }

  /** The fault run has no deliberate poison: every dead letter is a violation. */
  void checkNoDeadLetters(List<Streams.Stored> deadLetters) {
    report.figure("dead letters", deadLetters.size());
    Report.Check c = report.check(DLQ);
    if (deadLetters.isEmpty()) {
      c.pass();
    }
    for (Streams.Stored m : deadLetters) {
      c.fail("dead letter " + m.seq() + " " + m.subject() + ": " + m.header("Natsaga-Dlq-Reason") + " - " + m.header("Natsaga-Dlq-Error"));
    }
  }

  static String text(byte[] data) {
    return data == null ? "" : new String(data, java.nio.charset.StandardCharsets.UTF_8);
  }

  static JsonNode json(byte[] data) {
    try {
      return Http.JSON.readTree(data);
    } catch (IOException e) {
      return null;
    }
  }
}
