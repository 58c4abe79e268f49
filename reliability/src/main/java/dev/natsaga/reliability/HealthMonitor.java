package dev.natsaga.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Asks both services' {@code GET /health} every half second while the fuzz run sends; every answer but 200 is recorded. */
final class HealthMonitor implements AutoCloseable {

  static final String INVARIANT = "services stay healthy (GET /health 200 throughout, process alive)";

  private final List<ServiceProcess> services;
  private final AtomicLong probes = new AtomicLong();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean running = true;

  HealthMonitor(ServiceProcess... services) {
    this.services = List.of(services);
    this.thread = new Thread(this::loop, "health-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    Http http = new Http();
    while (running) {
      for (ServiceProcess s : services) {
        probes.incrementAndGet();
        if (!s.isAlive()) {
          failures.add(Instant.now() + " " + s.name() + " process is gone");
          continue;
        }
        Http.Response r = http.get(s.url("/health"), Duration.ofSeconds(5));
        if (r.status() != 200) {
          failures.add(Instant.now() + " " + s.name() + ": " + r);
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void report(Report report) {
    Report.Check c = report.check(INVARIANT);
    long failed = failures.size();
    for (long i = 0; i < probes.get() - failed; i++) {
      c.pass();
    }
    synchronized (failures) {
      failures.forEach(c::fail);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
