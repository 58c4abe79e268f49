package dev.natsaga.schema.testing;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.SchemaDocument;
import dev.natsaga.schema.SchemaViolation;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every event published in an environment during a test (a core NATS subscription on {@code {env}.>}, dead
 * letters left out) and checks each against the catalog's schemas, whichever service or code path published it.
 *
 * <pre>{@code
 * try (PublishedEvents published = PublishedEvents.record(connection, Environment.of(env))) {
 *   bookingService.book(...);                       // the code under test publishes
 *   published.awaitCount(2, Duration.ofSeconds(5));
 *   published.assertAllMatch(catalog);              // AssertionError naming each event, path and rule
 * }
 * }</pre>
 */
public final class PublishedEvents implements AutoCloseable {

  private final Connection connection;
  private final Dispatcher dispatcher;
  private final List<CloudEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> unreadable = new CopyOnWriteArrayList<>();
  private final CloudEventCodec codec = new CloudEventCodec();
  private final String dlqPrefix;

  private PublishedEvents(Connection connection, Environment env) {
    this.connection = connection;
    this.dlqPrefix = env.name() + ".dlq.";
    this.dispatcher = connection.createDispatcher(this::onMessage);
    dispatcher.subscribe(env.name() + ".>");
  }

  /** Starts recording the events of {@code env}; the subscription is in place when this returns. */
  public static PublishedEvents record(Connection connection, Environment env) throws InterruptedException {
    PublishedEvents recorder = new PublishedEvents(connection, env);
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the subscription was not confirmed by the server within 5 s", e);
    }
    return recorder;
  }

  private void onMessage(Message msg) {
    if (msg.getSubject().startsWith(dlqPrefix)) {
      return;
    }
    try {
      events.add(codec.decode(msg));
    } catch (InvalidCloudEventException | RuntimeException e) {
      unreadable.add(msg.getSubject() + ": " + e.getMessage());
    }
  }

  /** The events recorded so far, in arrival order. */
  public List<CloudEvent> events() {
    return List.copyOf(events);
  }

  /** Waits until at least {@code count} messages arrived; {@link AssertionError} when they do not in time. */
  public PublishedEvents awaitCount(int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (events.size() + unreadable.size() < count) {
      if (System.nanoTime() > end) {
        throw new AssertionError("expected " + count + " published event(s) within " + timeout + ", got " + events.size());
      }
      Thread.sleep(10);
    }
    return this;
  }

  /**
   * Checks every recorded event against its type's schema in {@code catalog}.
   *
   * @throws AssertionError listing every message that is no CloudEvent, every type without a schema and every violation
   */
  public void assertAllMatch(SchemaCatalog catalog) {
    assertAllMatch(catalog, e -> true);
  }

  /**
   * Checks the recorded events {@code which} selects (e.g. those of one service: {@code e -> e.getSource()...}).
   *
   * @throws AssertionError listing every message that is no CloudEvent, every type without a schema and every violation
   */
  public void assertAllMatch(SchemaCatalog catalog, java.util.function.Predicate<CloudEvent> which) {
    List<String> problems = new ArrayList<>(unreadable);
    for (CloudEvent e : events.stream().filter(which).toList()) {
      Optional<SchemaDocument> doc = catalog.find(EventType.parse(e.getType()));
      if (doc.isEmpty()) {
        problems.add(e.getType() + "/" + e.getId() + ": no schema for this type");
        continue;
      }
      for (SchemaViolation v : catalog.validate(doc.get(), PayloadJson.bytes(e))) {
        problems.add(e.getType() + "/" + e.getId() + ": " + v);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.size() + " published event(s) break their contract:\n  " + String.join("\n  ", problems));
    }
  }

  @Override
  public void close() {
    connection.closeDispatcher(dispatcher);
  }
}
