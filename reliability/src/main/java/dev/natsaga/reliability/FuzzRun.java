package dev.natsaga.reliability;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fuzz run: both services running, thousands of hostile messages to every subject they consume, replayed ids of
 * real commands and replies, bad HTTP input, and valid bookings through it all. Then: every stored hostile message
 * is in the DLQ with a reason (or was refused at publish), replays changed nothing, the services stayed healthy,
 * every valid booking completed, and the databases hold no booking that was not accepted.
 *
 * @param o      the run's options
 * @param out    where the run prints
 * @param report what the run found
 */
record FuzzRun(RunOptions o, PrintStream out, Report report) {

  FuzzRun(RunOptions options, PrintStream out) {
    this(options, out, new Report("fuzz run"));
  }

  Report run() throws Exception {
    return new DeployedRun(o, out, report).run("fuzz", "fz", null, this::fuzz);
  }

  private boolean fuzz(Deployment d, BookingLoad load, BookingChecks bookings) throws Exception {
    // warm-up: real commands and replies to replay later
    List<BookingRecord> warmup = load.run(Math.max(6, Math.min(20, o.bookings() / 4)), 5);
    bookings.awaitOutcomes(warmup, o.settleBound(), "warm-up bookings: time from POST to outcome (ms): median / p99 / max");
    List<FuzzTarget> targets = targets(d);
    SurfaceFuzz surfaces = new SurfaceFuzz(o, d, report, out);
    report.figure("subjects fuzzed", targets.stream().map(t -> t.subject() + " (" + t.consumer() + ")").toList());
    Replays replays = new Replays(d);
    replays.prepare(Streams.readAll(d.connection(), d.stream("payment"), Duration.ofSeconds(60)), o.quick() ? 30 : 120);

    long sendSeconds = (long) Math.ceil(o.hostile() / o.hostileRate());
    out.printf("sending %d hostile messages (%.0f/s) to %d subjects, %d replayed ids, bad HTTP input, and %d valid bookings (%.1f/s)%n",
        o.hostile(), o.hostileRate(), targets.size(), replays.size(), o.bookings(), o.rate());
    List<Hostile> sent = new ArrayList<>();
    try (HealthMonitor health = new HealthMonitor(d.booking(), d.payment());
         Connection fuzz = Nats.connect(new Options.Builder().servers(d.nats().url().split(",")).maxReconnects(-1)
             .connectionName("reliability-fuzz").errorListener(new io.nats.client.ErrorListener() { }).build());
         RawNats raw = new RawNats(d.nats().url(), Duration.ofSeconds(10))) {
      CompletableFuture<List<BookingRecord>> valid = CompletableFuture.supplyAsync(() -> load.run(o.bookings(), o.rate()));
      CompletableFuture<Void> badHttp = CompletableFuture.runAsync(() -> new HttpBadInput(d, report)
          .run(Duration.ofSeconds(Math.max(5, sendSeconds)), o.seed()));
      send(fuzz.jetStream(), raw, targets, replays, sent);
      sendAll(fuzz.jetStream(), raw, surfaces.schemaMessages(targets), sent);
      List<BookingRecord> markup = surfaces.bookWithMarkup();
      badHttp.join();
      List<BookingRecord> records = new ArrayList<>(warmup);
      records.addAll(valid.join());
      records.addAll(markup);
      out.println("all sent; waiting for the consumers to drain (ciphertext and event-store categories meanwhile)");
      CompletableFuture<Void> inProcess = surfaces.startInProcess();
      drain(d);
      inProcess.join();
      health.close();
      health.report(report);

      bookings.awaitOutcomes(records, o.settleBound());
      bookings.checkSettled(records);
      Report.Check confirmed = report.check("every valid booking meant to confirm is CONFIRMED (no faults in this run)");
      records.stream().filter(r -> r.kind == BookingRecord.Kind.CONFIRM && r.accepted())
          .forEach(r -> confirmed.verify("CONFIRMED".equals(r.status), r.toString()));
      Report.Check answered = report.check("every valid POST /bookings accepted (202)");
      records.forEach(r -> answered.verify(r.accepted(), "booking #" + r.seq + ": " + r.httpError));

      List<Streams.Stored> dlq = Streams.readAll(d.connection(), d.dlqStream(), Duration.ofMinutes(5));
      new DeadLetterChecks(report).check(sent, dlq);
      replays.check(report, DeadLetterChecks.byPosition(dlq));
      surfaces.afterDeadLetters(sent, dlq, records);

      d.stopServices();
      DatabaseSnapshot db = DatabaseSnapshot.read(d.databases());
      StoreChecks store = new StoreChecks(report, false);
      store.check(db, records, true);
      store.checkOutcomeEvents(Streams.readAll(d.connection(), d.stream("booking"), Duration.ofSeconds(120)), db);
      checkReplayLogs(d, replays);
    }
    return report.violations() == 0;
  }

  /** Sends the hostile messages at the hostile rate, the replays spread among them. */
  private void send(JetStream js, RawNats raw, List<FuzzTarget> targets, Replays replays, List<Hostile> sent) {
    HostileMessages gen = new HostileMessages(targets, o.seed(), o.quick() ? 150 : 200, o.knownDefects());
    PublishOptions po = PublishOptions.builder().streamTimeout(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    long interval = (long) (1_000_000_000L / o.hostileRate());
    int replayEvery = replays.size() == 0 ? Integer.MAX_VALUE : Math.max(1, o.hostile() / replays.size());
    int replayed = 0;
    for (int i = 0; i < o.hostile(); i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        ServiceProcess.sleep(wait / 1_000_000L);
      }
      Hostile h = gen.build(i);
      publish(js, po, raw, h);
      h.sent();
      sent.add(h);
      if (i % replayEvery == replayEvery - 1 && replayed < replays.size()) {
        replays.send(js, replayed++);
      }
      if ((i + 1) % 500 == 0) {
        out.printf("  %d hostile messages sent%n", i + 1);
      }
    }
    while (replayed < replays.size()) {
      replays.send(js, replayed++);
    }
  }

  /** The surface categories' messages, at the hostile rate. */
  private void sendAll(JetStream js, RawNats raw, List<Hostile> messages, List<Hostile> sent) {
    PublishOptions po = PublishOptions.builder().streamTimeout(Duration.ofSeconds(10)).build();
    long interval = (long) (1_000L / o.hostileRate());
    for (Hostile h : messages) {
      publish(js, po, raw, h);
      h.sent();
      sent.add(h);
      ServiceProcess.sleep(interval);
    }
    out.printf("  %d schema and markup messages sent%n", messages.size());
  }

  private static void publish(JetStream js, PublishOptions po, RawNats raw, Hostile h) {
    h.publishedAt = Instant.now();
    if (h.raw) {
      RawNats.Result r = raw.publish(h.target.subject(), h.rawHeaders, h.payload());
      if (r.acked()) {
        h.stream = r.stream();
        h.seq = r.seq();
        h.duplicate = r.duplicate();
      } else {
        h.refused = r.error();
      }
      return;
    }
    try {
      NatsMessage.Builder b = NatsMessage.builder().subject(h.target.subject()).data(h.payload());
      if (h.headers != null) {
        b.headers(h.headers);
      }
      PublishAck ack = js.publish(b.build(), po);
      h.stream = ack.getStream();
      h.seq = ack.getSeqno();
      h.duplicate = ack.isDuplicate();
    } catch (IllegalArgumentException e) {
      h.refused = "client: " + e.getMessage();
    } catch (JetStreamApiException e) {
      h.refused = "jetstream: " + e.getMessage();
    } catch (Exception e) {
      h.refused = e.toString();
    }
  }

  /** The subjects the services consume: the filter subjects of the durable consumers on the run's streams. */
  private static List<FuzzTarget> targets(Deployment d) throws Exception {
    List<FuzzTarget> targets = new ArrayList<>();
    for (String stream : List.of(d.stream("payment"), d.stream("booking"))) {
      for (ConsumerInfo ci : Streams.consumers(d.connection(), stream)) {
        if (ci.getConsumerConfiguration().getDurable() == null) {
          continue;
        }
        for (String subject : ci.getConsumerConfiguration().getFilterSubjects()) {
          targets.add(new FuzzTarget(subject, subject.substring(d.env().length() + 1), stream, ci.getName()));
        }
      }
    }
    targets.sort(java.util.Comparator.comparing(FuzzTarget::subject));
    if (targets.isEmpty()) {
      throw new IllegalStateException("the services created no durable consumers on " + d.stream("payment") + " / " + d.stream("booking"));
    }
    return targets;
  }

  /** Waits until every consumer of the two streams has nothing pending or unacknowledged for 3 s in a row. */
  private void drain(Deployment d) throws Exception {
    Duration bound = o.quick() ? Duration.ofSeconds(150) : Duration.ofSeconds(300);
    long deadline = System.nanoTime() + bound.toNanos();
    int quiet = 0;
    long left = -1;
    Instant start = Instant.now();
    while (System.nanoTime() < deadline) {
      left = Streams.unacknowledged(d.connection(), d.stream("payment"), d.stream("booking"));
      quiet = left == 0 ? quiet + 1 : 0;
      if (quiet >= 3) {
        break;
      }
      ServiceProcess.sleep(1000);
    }
    report.figure("consumers drained after", BookingChecks.seconds(Duration.between(start, Instant.now())));
    report.check("every consumer drained (nothing pending or unacknowledged)").verify(left == 0,
        left + " message(s) still pending or unacknowledged after " + bound.toSeconds() + " s: " + pendingDetail(d));
  }

  private static String pendingDetail(Deployment d) {
    StringBuilder sb = new StringBuilder();
    try {
      for (String stream : List.of(d.stream("payment"), d.stream("booking"))) {
        for (ConsumerInfo ci : Streams.consumers(d.connection(), stream)) {
          if (ci.getNumPending() + ci.getNumAckPending() > 0) {
            sb.append(ci.getName()).append(" pending ").append(ci.getNumPending()).append(" ack-pending ").append(ci.getNumAckPending())
                .append(" redelivered ").append(ci.getRedelivered()).append("; ");
          }
        }
      }
    } catch (Exception e) {
      sb.append(e);
    }
    return sb.toString();
  }

  /** The payment service logs each real authorization and capture once; a replay must not add a second. */
  private void checkReplayLogs(Deployment d, Replays replays) {
    Report.Check c = report.check("replayed bookings: payment authorized and captured at most once (payment service log)");
    replays.all().stream().map(r -> r.bookingId).distinct().forEach(id -> {
      long auth = d.payment().grep("for booking " + id + " AUTHORIZED").size();
      long capt = d.payment().grep("for booking " + id + " CAPTURED").size();
      c.verify(auth <= 1 && capt <= 1, "booking " + id + ": " + auth + " authorization(s), " + capt + " capture(s) logged");
    });
  }
}
