package dev.natsaga.reliability;

import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The fuzz run's categories for the surfaces beyond the consumed subjects: the samples' schemas, encryption,
 * the event store, the operations console and the {@code natsaga} command line. The fuzz run calls it at four points:
 * bookings with markup in their state (with the valid bookings), schema and markup messages (after the hostile ones),
 * the in-process ciphertext and event-store categories (while the consumers drain), and the console and CLI
 * categories (after the dead-letter checks, while the services still run).
 */
final class SurfaceFuzz {

  private static final OffsetDateTime XSS_SLOTS = OffsetDateTime.of(2034, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  private final RunOptions o;
  private final Deployment d;
  private final Report report;
  private final PrintStream out;
  private final List<BookingRecord> xssBookings = new ArrayList<>();

  SurfaceFuzz(RunOptions o, Deployment d, Report report, PrintStream out) {
    this.o = o;
    this.d = d;
    this.report = report;
    this.out = out;
  }

  /** Bookings whose customer, service and slot ids are markup (one per payload); they must confirm like any other. */
  List<BookingRecord> bookWithMarkup() {
    List<String> payloads = SchemaHostile.XSS_PAYLOADS;
    for (int i = 0; i < payloads.size(); i++) {
      String p = payloads.get(i);
      BookingRecord r = new BookingRecord(900_000 + i, BookingRecord.Kind.CONFIRM, "slot-" + p + "-" + System.nanoTime(), 1_000 + i);
      OffsetDateTime start = XSS_SLOTS.plusHours(i);
      Map<String, Object> body = Http.map("customerId", p, "serviceId", p.length() > 60 ? p.substring(0, 60) : p, "slotId", r.slotId,
          "startTime", start.toString(), "endTime", start.plusMinutes(45).toString(), "amount", r.amount, "currency", "EUR");
      r.submittedAt = Instant.now();
      Http.Response resp = d.http().postJson(d.booking().url("/bookings"), body);
      r.httpStatus = resp.status();
      if (resp.status() == 202) {
        r.bookingId = resp.text("bookingId");
        r.sagaId = resp.text("sagaId");
      } else {
        r.httpError = resp.toString();
      }
      xssBookings.add(r);
    }
    return List.copyOf(xssBookings);
  }

  List<Hostile> schemaMessages(List<FuzzTarget> targets) {
    return new SchemaHostile(targets, o.seed()).build(o.quick() ? 1 : 3);
  }

  /** The ciphertext and event-store categories, in this JVM, in environments of their own. */
  CompletableFuture<Void> startInProcess() {
    return CompletableFuture.runAsync(() -> {
      long t0 = System.nanoTime();
      try {
        new CiphertextFuzz(report, d.nats().url(), d.env()).run(o.quick() ? 260 : 2_600, o.seed());
      } catch (Exception e) {
        report.check(CiphertextFuzz.CHECK).fail("the ciphertext category could not run: " + e);
      }
      long t1 = System.nanoTime();
      try {
        new EventStoreFuzz(report, d.connection(), d.env()).run(o.quick() ? 2 : 10, o.seed());
      } catch (Exception e) {
        report.check(EventStoreFuzz.FORGED).fail("the event-store category could not run: " + e);
      }
      took("ciphertexts", t0, t1);
      took("event store", t1, System.nanoTime());
    });
  }

  /** Checks the schema messages, then sends the console and CLI categories (the services must still run). */
  void afterDeadLetters(List<Hostile> sent, List<Streams.Stored> dlq, List<BookingRecord> records) throws Exception {
    Map<String, List<Streams.Stored>> byPos = DeadLetterChecks.byPosition(dlq);
    SchemaHostile.check(report, sent, byPos);
    List<Long> xssSeqs = new ArrayList<>();
    for (Hostile h : sent) {
      List<Streams.Stored> s = h.category.equals(SchemaHostile.XSS) ? byPos.getOrDefault(h.stream + ":" + h.seq, List.of()) : List.of();
      s.forEach(x -> xssSeqs.add(x.seq()));
    }
    List<String> sagas = records.stream().filter(BookingRecord::accepted).map(r -> r.sagaId).limit(5).toList();
    List<String> xssSagas = xssBookings.stream().filter(BookingRecord::accepted).map(r -> r.sagaId).toList();
    Report.Check booked = report.check("bookings with markup in customer, service and slot ids accepted (202)");
    xssBookings.forEach(r -> booked.verify(r.accepted(), r + ": " + r.httpError));
    List<Long> allSeqs = dlq.stream().map(Streams.Stored::seq).limit(5).toList();
    out.printf("console: %d sagas with markup, %d dead letters with markup; CLI: %d command lines%n", xssSagas.size(), xssSeqs.size(),
        CliFuzz.cases("x").size());
    ConsoleAccess console = d.console();
    long t0 = System.nanoTime();
    new ConsoleFuzz(console, report, sagas, allSeqs).run();
    new ConsolePages(console, report).run(xssSagas, xssSeqs);
    took("console", t0, System.nanoTime());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("NATS_URL", d.nats().url());
    settings.put("APP_ENV", d.env());
    settings.put("SAGA_DB_URL", d.databases().bookingUrl());
    settings.put("SAGA_DB_USER", d.databases().user());
    long t1 = System.nanoTime();
    new CliFuzz(report, d.connection(), settings).run(sagas.get(0));
    took("natsaga CLI", t1, System.nanoTime());
  }

  private void took(String category, long from, long to) {
    report.figure("time taken by " + category, String.format("%.1f s", (to - from) / 1e9));
  }
}
