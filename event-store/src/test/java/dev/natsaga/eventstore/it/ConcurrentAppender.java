package dev.natsaga.eventstore.it;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.VersionConflictException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends {@code count} events to one aggregate as fast as it can, each expecting the version it last knew; a
 * conflict tells it the actual version and it tries again. Records which attempts were acknowledged and which were
 * refused, so a test can check the stream holds exactly the acknowledged ones. Also runs as its own JVM ({@link #main}).
 */
final class ConcurrentAppender {

  /** What one writer saw: acknowledged attempt numbers, refused attempt numbers, and the versions it was given. */
  record Outcome(String writer, List<Long> acknowledged, List<Long> refused, List<Long> versions) {
  }

  private ConcurrentAppender() {
  }

  static Outcome run(EventStore store, AggregateKey key, String writer, int count) {
    List<Long> acknowledged = new ArrayList<>();
    List<Long> refused = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    long known = 0;
    for (long attempt = 0; acknowledged.size() < count; attempt++) {
      try {
        versions.add(store.append(key, known, Stores.deposited(writer, attempt)).version());
        acknowledged.add(attempt);
        known++;
      } catch (VersionConflictException e) {
        if (e.expected() != known || e.actual() <= known) {
          throw new AssertionError("conflict with wrong versions: " + e.getMessage());
        }
        refused.add(attempt);
        known = e.actual();
      }
    }
    return new Outcome(writer, acknowledged, refused, versions);
  }

  /** Args: url env aggregateId writer count. Prints "ACK n,n,..." , "REFUSED n,..." and "VERSIONS v,..." lines. */
  public static void main(String[] args) throws Exception {
    Options options = new Options.Builder().server(args[0]).connectionTimeout(Duration.ofSeconds(5)).build();
    try (Connection nc = Nats.connect(options)) {
      EventStore store = EventStore.create(nc, Stores.options(args[1]).build());
      System.out.println("READY");
      Outcome o = run(store, Stores.account(args[2]), args[3], Integer.parseInt(args[4]));
      System.out.println("ACK " + join(o.acknowledged()));
      System.out.println("REFUSED " + join(o.refused()));
      System.out.println("VERSIONS " + join(o.versions()));
    }
  }

  private static String join(List<Long> values) {
    StringBuilder b = new StringBuilder();
    for (Long v : values) {
      b.append(b.length() == 0 ? "" : ",").append(v);
    }
    return b.toString();
  }
}
