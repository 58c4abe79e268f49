package dev.natsaga.reliability;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStoreOptions;
import dev.natsaga.eventstore.EventStream;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.eventstore.VersionConflictException;
import dev.natsaga.framework.OutgoingEvent;
import io.nats.client.Connection;
import io.nats.client.api.StreamInfo;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Hostile appends to the event store (module {@code event-store}), in this JVM on the run's nats-server, in its own
 * environment ({@code {env}es}, stream {@code {ENV}ES_LEDGER}):
 * <ul>
 *   <li>{@code wrong-expected-version}: appends whose expected version is not the aggregate's (stale, ahead, 0 on an
 *       existing aggregate, far ahead, negative) must be refused — {@link VersionConflictException}, or for a negative
 *       version {@link IllegalArgumentException} — and append nothing (version and stream unchanged);</li>
 *   <li>{@code forged-aggregate-id}: ids with wildcards, dots, spaces, subject-like and traversal-like text, non-ASCII,
 *       up to the 256-character limit are stored under their own aggregate only (loading it gives back exactly its
 *       events with the id unchanged; its neighbours see nothing of it); ids over the limit, empty or with control
 *       characters, forged aggregate types and event types of another aggregate are refused with
 *       {@link IllegalArgumentException} or {@link EventStoreException} and append nothing.</li>
 * </ul>
 */
final class EventStoreFuzz {

  static final String VERSIONS = "event store: wrong expected versions => refused (conflict), nothing appended";
  static final String FORGED = "event store: forged aggregate ids and types => own aggregate only, or refused cleanly with nothing appended";
  private static final String TYPE = "ledger.account";

  /** The event's data. */
  record Moved(String note, long amount) {
  }

  private final Report report;
  private final Connection connection;
  private final String env;
  private final Map<String, Integer> outcomes = new TreeMap<>();

  EventStoreFuzz(Report report, Connection connection, String runEnv) {
    this.report = report;
    this.connection = connection;
    this.env = runEnv + "es";
  }

  void run(int rounds, long seed) throws Exception {
    EventStore store = EventStore.create(connection, EventStoreOptions.builder().environment(env).serviceName("ledger").build());
    store.ensureStream("ledger");
    Random random = new Random(seed);
    for (int r = 0; r < rounds; r++) {
      wrongVersions(store, r, random);
      forgedIds(store, r);
      forgedTypes(store, r);
    }
    report.figure("event store (env " + env + "): outcome", outcomes);
  }

  private void wrongVersions(EventStore store, int round, Random random) {
    Report.Check c = report.check(VERSIONS);
    AggregateKey key = AggregateKey.of(TYPE, "acc-" + round);
    int n = 1 + random.nextInt(5);
    for (int v = 0; v < n; v++) {
      store.append(key, v, event("opened"));
    }
    long[] wrong = {n - 1, n + 1, 0, n + 1_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE, random.nextInt(n)};
    for (long expected : wrong) {
      if (expected == n) {
        continue;
      }
      long before = streamMessages();
      String outcome;
      try {
        store.append(key, expected, List.of(event("moved"), event("moved")));
        outcome = "APPENDED";
      } catch (VersionConflictException e) {
        outcome = e.expected() == expected && e.actual() == n ? "conflict" : "conflict with wrong figures: " + e.getMessage();
      } catch (IllegalArgumentException e) {
        outcome = expected < 0 ? "refused (negative)" : "refused: " + e.getMessage();
      } catch (RuntimeException e) {
        outcome = "unexpected " + e;
      }
      boolean unchanged = store.version(key) == n && streamMessages() == before;
      count("expected version " + (expected < 0 ? "negative" : expected == 0 ? "0 on an existing aggregate" : expected < n ? "stale"
          : "ahead") + ": " + outcome);
      c.verify(unchanged && (outcome.equals("conflict") || outcome.equals("refused (negative)")),
          key + " at version " + n + ", expected " + expected + ": " + outcome + (unchanged ? "" : ", and the store changed"));
    }
  }

  private void forgedIds(EventStore store, int round) {
    Report.Check c = report.check(FORGED);
    String tag = "r" + round;
    List<String> stored = List.of("*", ">", tag + ".*", tag + ".>", "a.b.c." + tag, tag + " with spaces", "$JS.API.STREAM.DELETE." + tag,
        "../../" + tag, "%2A%3E" + tag, tag + "~" + tag, "~" + tag, "\u00fcber-\u65e5\u672c-" + tag, "\uD83D\uDE00" + tag,
        tag + "\u202Eevil", "x".repeat(256 - tag.length()) + tag, "<script>" + tag + "</script>", "'; DROP TABLE x; --" + tag);
    for (String id : stored) {
      AggregateKey key = AggregateKey.of(TYPE, id);
      String outcome;
      try {
        long v = store.version(key);               // ids without the round's tag ("*", ">") are reused by later rounds
        store.append(key, v, event("opened"));
        store.append(key, v + 1, event("moved"));
        EventStream s = store.load(key);
        List<String> ids = s.events().stream().map(StoredEvent::aggregateId).distinct().toList();
        outcome = s.version() == v + 2 && s.events().size() == v + 2 && ids.equals(List.of(id)) ? "stored under its own aggregate"
            : "LOADED " + s.events().size() + " events of " + ids;
      } catch (RuntimeException e) {
        outcome = "unexpected " + e;
      }
      count("stored id: " + outcome);
      c.verify(outcome.equals("stored under its own aggregate"), "id '" + printable(id) + "': " + outcome);
    }
    // neighbours: none of the ids above may leak into another aggregate
    for (String neighbour : List.of(tag, "a.b", "a", tag + "~", "x".repeat(256 - tag.length()))) {
      AggregateKey key = AggregateKey.of(TYPE, neighbour);
      long v = store.version(key);
      c.verify(v == 0, "neighbour '" + printable(neighbour) + "' sees version " + v + " (events of another aggregate)");
      count("neighbour aggregate: " + (v == 0 ? "empty" : "SEES EVENTS"));
    }
    List<String> refused = List.of("", "x".repeat(257), "x".repeat(100_000), "a\u0000b", "a\nb", "a\rb", "\u0085" + tag, "\t" + tag);
    for (String id : refused) {
      refuse(c, "id '" + printable(id) + "'", () -> store.append(AggregateKey.of(TYPE, id), 0, event("opened")));
    }
  }

  private void forgedTypes(EventStore store, int round) {
    Report.Check c = report.check(FORGED);
    AggregateKey ok = AggregateKey.of(TYPE, "typed-" + round);
    for (String type : List.of("ledger.*", "ledger.>", "*.account", "Ledger.Account", "ledger", "ledger.account.x", "ledger..account",
        "ledger.account ", "$JS.API", "ledger.acc\u00f6unt")) {
      refuse(c, "aggregate type '" + type + "'", () -> store.append(AggregateKey.of(type, "a-" + round), 0, event("opened")));
    }
    for (String eventType : List.of("other.account.opened.v1", "ledger.card.opened.v1", "ledger.account.*.v1", "ledger.account.>",
        "ledger.account.opened", "ledger.account.opened.v1.extra")) {
      refuse(c, "event type '" + eventType + "' on " + TYPE, () -> store.append(ok, 0,
          OutgoingEvent.event(eventType, new Moved("forged", 1)).build()));
    }
  }

  /** The action must throw IllegalArgumentException or EventStoreException (with a message) and append nothing. */
  private void refuse(Report.Check c, String what, Runnable action) {
    long before = streamMessages();
    String outcome;
    try {
      action.run();
      outcome = "ACCEPTED";
    } catch (IllegalArgumentException | EventStoreException e) {
      outcome = e.getMessage() == null || e.getMessage().isBlank() ? "refused without a message" : "refused";
    } catch (RuntimeException e) {
      outcome = "unexpected " + e;
    }
    boolean unchanged = streamMessages() == before;
    count("refused input: " + outcome + (unchanged ? "" : " (STORE CHANGED)"));
    c.verify(outcome.equals("refused") && unchanged, what + ": " + outcome + (unchanged ? "" : ", and the stream changed"));
  }

  private OutgoingEvent<Moved> event(String action) {
    return OutgoingEvent.event(TYPE + "." + action + ".v1", new Moved(action, 1)).build();
  }

  private long streamMessages() {
    try {
      StreamInfo si = connection.jetStreamManagement().getStreamInfo(env.toUpperCase(java.util.Locale.ROOT) + "_LEDGER");
      return si.getStreamState().getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }

  private void count(String outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7E]", "?");
    return p.length() > 40 ? p.substring(0, 40) + "...(" + s.length() + " chars)" : p;
  }
}
