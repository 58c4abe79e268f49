package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The invariants users see through the services' HTTP APIs, checked while the services still run: every booking
 * settles in bounded time, a confirmed booking's payment is captured, a cancelled one's is absent or released, its
 * saga is finished, a slot has at most one confirmed booking, and a cancelled booking's slot can be booked again.
 */
final class BookingChecks {

  static final String SETTLED = "every accepted booking reaches CONFIRMED or CANCELLED within the bound";
  static final String CONFIRMED_CAPTURED = "CONFIRMED => payment CAPTURED (GET /payments/{id})";
  static final String CANCELLED_RELEASED = "CANCELLED => payment absent (404), DECLINED, VOIDED or REFUNDED";
  static final String SAGA_FINISHED = "saga finished and matching (CONFIRMED: COMPLETED, CANCELLED: COMPENSATED; none RUNNING/COMPENSATING)";
  static final String DECLINED_CANCELLED = "amount above PAYMENT_DECLINE_ABOVE => CANCELLED";
  static final String ONE_PER_SLOT = "at most one CONFIRMED booking per slot";
  static final String SLOT_FREED = "CANCELLED => slot free: booking it again confirms";

  private static final Set<String> RELEASED = Set.of("DECLINED", "VOIDED", "REFUNDED");

  private final Deployment d;
  private final Report report;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  BookingChecks(Deployment d, Report report) {
    this.d = d;
    this.report = report;
  }

  /**
   * Polls {@code GET /bookings/{id}} until every accepted booking settled or the bound after its submission passed,
   * then checks the bound.
   */
  void awaitOutcomes(List<BookingRecord> records, Duration bound) {
    awaitOutcomes(records, bound, d.options().clockJumps()
        ? "time from POST until the outcome event was stored, on the nats-server's clock (ms; the services' clocks were moved): median / p99 / max"
        : "time from POST to outcome (ms): median / p99 / max");
  }

  /** As {@link #awaitOutcomes(List, Duration)}, the latency figure under {@code figure}. */
  void awaitOutcomes(List<BookingRecord> records, Duration bound, String figure) {
    List<BookingRecord> accepted = records.stream().filter(BookingRecord::accepted).toList();
    Instant last = accepted.stream().map(r -> r.submittedAt).max(Comparator.naturalOrder()).orElse(Instant.now());
    Instant deadline = last.plus(bound);
    List<BookingRecord> open = new ArrayList<>(accepted);
    while (!open.isEmpty()) {
      parallel(open, this::refresh);
      open.removeIf(BookingRecord::settled);
      if (open.isEmpty() || Instant.now().isAfter(deadline)) {
        break;
      }
      ServiceProcess.sleep(1000);
    }
    if (d.options().clockJumps()) {
      settleTimesFromOutcomeEvents(accepted);
    }
    Report.Check c = report.check(SETTLED);
    List<Long> latencies = new ArrayList<>();
    for (BookingRecord r : accepted) {
      if (!r.settled()) {
        c.fail(r + " still " + r.status + " " + Duration.between(r.submittedAt, Instant.now()).toSeconds() + " s after POST");
        continue;
      }
      Duration took = Duration.between(r.submittedAt, r.settledAt);
      latencies.add(took.toMillis());
      c.verify(took.compareTo(bound) <= 0, r + " took " + took.toSeconds() + " s");
    }
    latencies.sort(Long::compare);
    if (!latencies.isEmpty()) {
      report.figure(figure, latencies.get(latencies.size() / 2) + " / "
          + latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)) + " / " + latencies.get(latencies.size() - 1));
    }
  }

  /**
   * The services' clocks were moved on purpose, so neither their {@code settledAt} nor the time this run's polling saw
   * an outcome measures it (the run polls after the load): a booking settled when its outcome event was stored, as the
   * nats-server's clock (not moved, the same machine's as this run's) stamps it.
   */
  private void settleTimesFromOutcomeEvents(List<BookingRecord> records) {
    Map<String, Instant> stored = new HashMap<>();
    try {
      for (Streams.Stored m : Streams.readAll(d.connection(), d.stream("booking"), Duration.ofSeconds(120))) {
        JsonNode ce = CloudEvents.attributes(m);
        String type = ce == null ? "" : ce.path("type").asText();
        if (type.equals("booking.appointment.confirmed.v1") || type.equals("booking.appointment.cancelled.v1")) {
          stored.merge(ce.path("subject").asText(), m.storedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("reading the booking stream for the outcome events' times failed: " + e, e);
    }
    for (BookingRecord r : records) {
      if (r.settled() && stored.containsKey(r.bookingId)) {
        r.settledAt = stored.get(r.bookingId);
      }
    }
  }

  private void refresh(BookingRecord r) {
    Http.Response resp = d.http().get(d.booking(r.seq + 1).url("/bookings/" + r.bookingId));   // another instance than the POST's
    if (resp.status() == 200) {
      JsonNode j = resp.json();
      r.status = j.path("status").asText(null);
      r.reason = j.path("reason").isNull() ? null : j.path("reason").asText(null);
      String settled = j.path("settledAt").isNull() ? null : j.path("settledAt").asText(null);
      if (!d.options().clockJumps()) {
        r.settledAt = settled == null ? null : Instant.parse(settled);
      } else if (settled != null && r.settledAt == null) {
        r.settledAt = Instant.now();    // the service's clock was moved on purpose: the run's own clock measures
      }
    }
  }

  /** Payment, saga, decline and slot invariants of the settled bookings; outcome figures by kind. */
  void checkSettled(List<BookingRecord> records) {
    List<BookingRecord> settled = records.stream().filter(BookingRecord::settled).toList();
    parallel(settled, this::checkPaymentAndSaga);
    Report.Check declined = report.check(DECLINED_CANCELLED);
    for (BookingRecord r : settled) {
      if (r.amount > d.options().declineAbove()) {
        declined.verify("CANCELLED".equals(r.status), r.toString());
      }
    }
    Report.Check onePerSlot = report.check(ONE_PER_SLOT);
    Map<String, List<BookingRecord>> bySlot = settled.stream().filter(r -> "CONFIRMED".equals(r.status))
        .collect(Collectors.groupingBy(r -> r.slotId));
    bySlot.forEach((slot, confirmed) -> onePerSlot.verify(confirmed.size() == 1,
        "slot " + slot + " confirmed for " + confirmed.stream().map(r -> r.bookingId).toList()));
    Map<String, Integer> outcomes = new TreeMap<>();
    for (BookingRecord r : records) {
      String key = r.kind + " -> " + (r.accepted() ? r.status : "POST failed");
      outcomes.merge(key, 1, Integer::sum);
    }
    report.figure("outcomes by kind", outcomes);
    Map<String, Integer> reasons = new TreeMap<>();
    settled.stream().filter(r -> r.kind == BookingRecord.Kind.CONFIRM && "CANCELLED".equals(r.status))
        .forEach(r -> reasons.merge(shortReason(r.reason), 1, Integer::sum));
    if (!reasons.isEmpty()) {
      report.figure("why bookings meant to confirm were cancelled", reasons);
    }
  }

  private void checkPaymentAndSaga(BookingRecord r) {
    Http.Response p = d.http().get(d.payment(r.seq).url("/payments/" + r.bookingId));
    String payment = p.status() == 200 ? p.text("status") : p.status() == 404 ? "absent" : "error " + p;
    if ("CONFIRMED".equals(r.status)) {
      report.check(CONFIRMED_CAPTURED).verify("CAPTURED".equals(payment), r + ": payment " + payment);
    } else {
      report.check(CANCELLED_RELEASED).verify("absent".equals(payment) || RELEASED.contains(payment), r + ": payment " + payment);
    }
    Http.Response s = d.http().get(d.booking(r.seq + 2).url("/sagas/" + r.sagaId));
    String saga = s.status() == 200 ? s.text("status") : "HTTP " + s;
    String expected = "CONFIRMED".equals(r.status) ? "COMPLETED" : "COMPENSATED";
    report.check(SAGA_FINISHED).verify(expected.equals(saga), r + ": saga " + r.sagaId + " is " + saga);
  }

  /**
   * Books again up to {@code max} slots whose bookings were all cancelled (and none is in flight) and checks they
   * confirm: the cancelled bookings released them.
   */
  List<BookingRecord> rebookCancelledSlots(List<BookingRecord> records, BookingLoad load, int max, Duration bound) {
    Map<String, List<BookingRecord>> bySlot = new HashMap<>();
    records.forEach(r -> bySlot.computeIfAbsent(r.slotId, k -> new ArrayList<>()).add(r));
    List<String> candidates = bySlot.entrySet().stream()
        .filter(e -> e.getValue().stream().allMatch(r -> r.accepted() && "CANCELLED".equals(r.status)))
        .map(Map.Entry::getKey).sorted().limit(max).toList();
    List<BookingRecord> rebooks = new ArrayList<>();
    for (String slot : candidates) {
      rebooks.add(load.submitNow(BookingRecord.Kind.REBOOK, slot, 1000));
    }
    awaitOutcomes(rebooks, bound, "re-bookings of freed slots: time from POST to outcome (ms): median / p99 / max");
    Report.Check c = report.check(SLOT_FREED);
    for (BookingRecord r : rebooks) {
      c.verify(r.accepted() && "CONFIRMED".equals(r.status), "slot " + r.slotId + " booked again: " + (r.accepted() ? r.toString() : r.httpError));
    }
    return rebooks;
  }

  /**
   * Time to recover after each fault: from the fault until the first booking POSTed after it was CONFIRMED
   * (bookings flow again). Also how long POSTs failed.
   */
  void recoveryTimes(List<Faults.Event> events, List<BookingRecord> records) {
    List<String> lines = new ArrayList<>();
    int i = 1;
    for (Faults.Event e : events) {
      Instant first = records.stream()
          .filter(r -> r.accepted() && "CONFIRMED".equals(r.status) && r.settledAt != null && !r.submittedAt.isBefore(e.injectedAt))
          .map(r -> r.settledAt).min(Comparator.naturalOrder()).orElse(null);
      long refused = records.stream().filter(r -> !r.accepted() && r.submittedAt != null && !r.submittedAt.isBefore(e.injectedAt)
          && (e.repairedAt == null || !r.submittedAt.isAfter(e.repairedAt))).count();
      e.recovery = first == null ? null : Duration.between(e.injectedAt, first);
      lines.add(String.format("#%d %s [%s]: repaired after %s, bookings flow again after %s, POSTs refused meanwhile: %d%s", i++,
          e.kind, e.target, e.repairedAt == null ? "never" : seconds(Duration.between(e.injectedAt, e.repairedAt)),
          e.recovery == null ? "never (no later booking confirmed)" : seconds(e.recovery), refused, e.note == null ? "" : " (" + e.note + ")"));
    }
    report.figure("faults injected", events.size());
    report.figure("recovery after each fault", lines.isEmpty() ? "none" : "\n    " + String.join("\n    ", lines));
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static String shortReason(String reason) {
    if (reason == null) {
      return "(no reason)";
    }
    int paren = reason.indexOf(" (");
    return paren > 0 ? reason.substring(0, paren) : reason.length() > 80 ? reason.substring(0, 80) : reason;
  }

  private void parallel(List<BookingRecord> records, java.util.function.Consumer<BookingRecord> action) {
    List<Future<?>> futures = new ArrayList<>();
    for (BookingRecord r : records) {
      futures.add(pool.submit(() -> action.accept(r)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void close() {
    pool.shutdownNow();
  }
}
