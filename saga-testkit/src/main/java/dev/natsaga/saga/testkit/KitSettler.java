package dev.natsaga.saga.testkit;

import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.store.SagaStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link NatsSagaTestKit#settle(Duration)}: polls until the kit's sagas are no longer active, no outbox row is
 * unpublished and the participants' traffic has caught up, the same counts twice in a row; else fails naming what is
 * pending, with the timelines of the active sagas.
 */
final class KitSettler {

  private final SagaEngine engine;
  private final SagaStore store;
  private final KitTraffic traffic;
  private final Set<UUID> started;
  private final Supplier<Set<String>> scriptedTypes;
  private final String where;

  /** @param where the server and environment, for the failure message */
  KitSettler(SagaEngine engine, SagaStore store, KitTraffic traffic, Set<UUID> started,
       Supplier<Set<String>> scriptedTypes, String where) {
    this.engine = engine;
    this.store = store;
    this.traffic = traffic;
    this.started = started;
    this.scriptedTypes = scriptedTypes;
    this.where = where;
  }

  void settle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String quietBefore = null;
    while (true) {
      Observation now = observe();
      if (now.quiet()) {
        if (now.signature().equals(quietBefore)) {
          return;
        }
        quietBefore = now.signature();
      } else {
        quietBefore = null;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(now.describe(timeout));
      }
      try {
        Thread.sleep(NatsSagaTestKit.POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the sagas to settle", e);
      }
    }
  }

  private Observation observe() {
    List<UUID> active = started.stream()
        .filter(id -> store.findInstance(id).map(i -> i.status().isActive()).orElse(false))
        .toList();
    return new Observation(active, unpublishedCommands(), traffic.snapshot(), Set.copyOf(scriptedTypes.get()));
  }

  private long unpublishedCommands() {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("counting unpublished commands failed: " + e.getMessage(), e);
    }
  }

  /** One look at the kit: active sagas, unpublished commands, traffic counts. */
  private final class Observation {
    private final List<UUID> active;
    private final long unpublished;
    private final KitTraffic.Snapshot counts;
    private final Set<String> consumed;

    Observation(List<UUID> active, long unpublished, KitTraffic.Snapshot counts, Set<String> consumed) {
      this.active = active;
      this.unpublished = unpublished;
      this.counts = counts;
      this.consumed = consumed;
    }

    boolean quiet() {
      return active.isEmpty() && unpublished == 0 && counts.caughtUp(consumed);
    }

    String signature() {
      return counts.signature();
    }

    String describe(Duration timeout) {
      StringBuilder out = new StringBuilder("sagas did not settle within ").append(timeout.toMillis())
          .append(" ms over NATS (").append(where).append("): ")
          .append(active.size()).append(" of ").append(started.size()).append(" saga(s) still active")
          .append("\n  in flight: ").append(unpublished).append(" command(s) not yet published; ").append(counts.describe(consumed));
      for (UUID id : active) {
        Optional<SagaView> view = engine.find(id);
        out.append('\n').append(view.map(SagaTimeline::render).orElse("saga " + id + ": not found"));
      }
      return out.toString();
    }
  }
}
