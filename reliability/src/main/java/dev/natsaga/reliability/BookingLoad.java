package dev.natsaga.reliability;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives bookings through {@code POST /bookings} at a steady rate, with a mix: about 80 % on free slots with an
 * accepted amount, 10 % above {@code PAYMENT_DECLINE_ABOVE}, 10 % on a slot an earlier booking of the run holds. A
 * request that fails (the service is down) is recorded and not retried: the run never knows more than a client would.
 */
final class BookingLoad {

  private static final OffsetDateTime FIRST_SLOT = OffsetDateTime.of(2031, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  private final java.util.function.IntFunction<ServiceProcess> booking;
  private final Http http;
  private final long declineAbove;
  private final Random random;
  private final String tag;
  private final List<BookingRecord> records = Collections.synchronizedList(new ArrayList<>());
  private final List<BookingRecord> heldSlots = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger seq = new AtomicInteger();
  private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "booking-load");
    t.setDaemon(true);
    return t;
  });

  /** {@code booking} gives the instance for booking number n: the POSTs go round-robin over the instances. */
  BookingLoad(java.util.function.IntFunction<ServiceProcess> booking, Http http, long declineAbove, long seed, String tag) {
    this.booking = booking;
    this.http = http;
    this.declineAbove = declineAbove;
    this.random = new Random(seed);
    this.tag = tag;
  }

  /** Submits {@code count} bookings at {@code perSecond}; returns them once every request has been answered or failed. */
  List<BookingRecord> run(int count, double perSecond) {
    long start = System.nanoTime();
    long intervalNanos = (long) (1_000_000_000L / perSecond);
    List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
    List<BookingRecord> mine = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        ServiceProcess.sleep(wait / 1_000_000L);
      }
      BookingRecord r = next();
      mine.add(r);
      pending.add(pool.submit(() -> submit(r)));
    }
    for (java.util.concurrent.Future<?> f : pending) {
      try {
        f.get(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        // recorded in the booking record
      }
    }
    return mine;
  }

  /** The next booking of the mix. */
  private synchronized BookingRecord next() {
    int n = seq.getAndIncrement();
    double p = random.nextDouble();
    if (p < 0.10) {
      return new BookingRecord(n, BookingRecord.Kind.DECLINE, slot(n), declineAbove + 1 + random.nextInt(400_000));
    }
    if (p < 0.20 && !heldSlots.isEmpty()) {
      BookingRecord holder = heldSlots.get(random.nextInt(heldSlots.size()));
      return new BookingRecord(n, BookingRecord.Kind.CONFLICT, holder.slotId, amount());
    }
    return new BookingRecord(n, BookingRecord.Kind.CONFIRM, slot(n), amount());
  }

  private long amount() {
    return 100 + random.nextInt((int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, declineAbove - 100)));
  }

  private String slot(int n) {
    return "slot-" + tag + "-" + n;
  }

  /** One booking of {@code kind} on {@code slotId}, submitted now (the re-bookings at the end). */
  BookingRecord submitNow(BookingRecord.Kind kind, String slotId, long amount) {
    BookingRecord r = new BookingRecord(seq.getAndIncrement(), kind, slotId, amount);
    submit(r);
    return r;
  }

  private void submit(BookingRecord r) {
    records.add(r);
    OffsetDateTime start = FIRST_SLOT.plusHours(r.seq);
    Map<String, Object> body = Http.map("customerId", "customer-" + (r.seq % 97), "serviceId", "service-" + (r.seq % 7),
        "slotId", r.slotId, "startTime", start.toString(), "endTime", start.plusMinutes(45).toString(), "amount", r.amount,
        "currency", "EUR");
    r.submittedAt = Instant.now();
    Http.Response resp = http.postJson(booking.apply(r.seq).url("/bookings"), body);
    r.httpStatus = resp.status();
    if (resp.status() == 202) {
      r.bookingId = resp.text("bookingId");
      r.sagaId = resp.text("sagaId");
      if (r.kind == BookingRecord.Kind.CONFIRM) {
        heldSlots.add(r);
      }
    } else {
      r.httpError = resp.toString();
    }
  }

  List<BookingRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  void close() {
    pool.shutdownNow();
  }
}
