package dev.natsaga.reliability;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' supervisor, as a deployment has one (Kubernetes' {@code livenessProbe}): asks each running service's
 * {@code GET /health/live} every {@link #PERIOD}; a service that keeps answering 503 for {@link #FAILING_FOR}, with no
 * 200 in between, is killed (-9) and started again. Only answers count: a probe that gets none (a frozen process, or
 * one whose HTTP threads all wait on its stuck database) changes nothing, and a process the fault schedule has taken
 * down is left alone. Every restart is printed and counted in the report,
 * so a run whose services needed one says so.
 */
final class LivenessWatchdog implements AutoCloseable {

  static final Duration PERIOD = Duration.ofSeconds(2);
  static final Duration FAILING_FOR = Duration.ofSeconds(30);
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private final List<ServiceProcess> services;
  private final PrintStream out;
  private final Http http = new Http();
  private final Map<ServiceProcess, Instant> failingSince = new HashMap<>();
  private final List<String> restarts = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean running = true;

  LivenessWatchdog(List<ServiceProcess> services, PrintStream out) {
    this.services = List.copyOf(services);
    this.out = out;
    this.thread = new Thread(this::loop, "liveness-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      services.forEach(this::probe);
      try {
        Thread.sleep(PERIOD.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void probe(ServiceProcess s) {
    if (!s.isAlive()) {
      failingSince.remove(s);
      return;
    }
    Http.Response r = http.get(s.url("/health/live"), ANSWER_WITHIN);
    if (r.status() == 200) {
      failingSince.remove(s);
    }
    if (r.status() != 503) {
      return;
    }
    Instant since = failingSince.computeIfAbsent(s, k -> Instant.now());
    if (Duration.between(since, Instant.now()).compareTo(FAILING_FOR) >= 0 && running) {
      restart(s, r);
    }
  }

  private void restart(ServiceProcess s, Http.Response answer) {
    String what = Instant.now() + " " + s.name() + ": /health/live 503 for " + FAILING_FOR.toSeconds() + " s (" + abbreviate(answer.body()) + ")";
    out.println("  liveness: restarting " + what);
    restarts.add(what);
    failingSince.remove(s);
    s.kill9();
    try {
      s.start().awaitHealthy(Deployment.START_TIMEOUT);
    } catch (IllegalStateException e) {
      out.println("  liveness: " + s.name() + " did not come back: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static String abbreviate(String body) {
    String b = body == null ? "" : body.replaceAll("\\s+", " ");
    return b.length() > 300 ? b.substring(0, 300) + "..." : b;
  }

  /** Restarts so far, one line each. */
  List<String> restarts() {
    synchronized (restarts) {
      return List.copyOf(restarts);
    }
  }

  /** Puts the restarts in the report as a figure (none is the usual answer). */
  void report(Report report) {
    List<String> r = restarts();
    report.figure("restarts by the liveness watchdog", r.isEmpty() ? "none" : r.size() + ": " + String.join("; ", r));
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Deployment.START_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
