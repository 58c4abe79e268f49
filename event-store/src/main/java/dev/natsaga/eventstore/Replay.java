package dev.natsaga.eventstore;

import dev.natsaga.eventstore.internal.DomainFeed;
import dev.natsaga.framework.Environment;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a domain's stream, or chosen types of it, from a start position into a handler, up to the last matching
 * event stored when the replay starts. It reads with an ephemeral ordered consumer, so the durable consumers of live
 * handlers are not disturbed (their positions, pending counts and acks stay as they are).
 *
 * <pre>{@code
 * Replay.Result r = Replay.builder(connection, "prod", "booking")
 *     .types("booking.appointment.confirmed.v1")
 *     .from(StartPosition.time(Instant.parse("2026-12-01T00:00:00Z")))
 *     .build()
 *     .run(event -> report.add(event.data(Confirmed.class)));
 * }</pre>
 */
public final class Replay {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Connection connection;
  private final Environment environment;
  private final String domain;
  private final List<String> types;
  private final StartPosition from;

  private Replay(Builder b) {
    this.connection = b.connection;
    this.environment = b.environment;
    this.domain = b.domain;
    this.types = b.types;
    this.from = b.from;
  }

  public static Builder builder(Connection connection, String environment, String domain) {
    return new Builder(connection, Environment.of(environment), domain);
  }

  /**
   * What a replay did.
   *
   * @param events events handed to the handler
   * @param skipped messages that were not valid CloudEvents (logged, not handled)
   * @param lastSequence the stream sequence of the last message read (0 when none)
   */
  public record Result(long events, long skipped, long lastSequence) {
  }

  /** Replays; a handler failure stops the replay with an {@link EventStoreException} naming the event. */
  public Result run(ReplayHandler handler) {
    try (DomainFeed feed = new DomainFeed(connection, environment, domain, types)) {
      long target = feed.lastSequence();
      if (target == 0 || from.sequence() > target) {
        return new Result(0, 0, 0);
      }
      feed.open(from);
      long events = 0;
      long skipped = 0;
      long last = 0;
      while (last < target) {
        DomainFeed.FeedEvent e = feed.next(WAIT);
        if (e == null) {
          break;
        }
        last = e.sequence();
        if (e.event() == null) {
          skipped++;
          LOG.warn("replay of {} skipped {}/{}: {}", domain, feed.stream(), e.sequence(), e.invalid());
        } else {
          handle(handler, e.event());
          events++;
        }
        if (e.pending() == 0) {
          break;
        }
      }
      LOG.info("replayed {} event(s) of {} from {} up to sequence {}", events, domain, from, last);
      return new Result(events, skipped, last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("replay of " + domain + " interrupted", e);
    }
  }

  private static void handle(ReplayHandler handler, StoredEvent event) {
    try {
      handler.handle(event);
    } catch (Exception ex) {
      throw new EventStoreException("replay handler failed on " + event + ": " + ex, ex);
    }
  }

  /** Builds a {@link Replay}. */
  public static final class Builder {
    private final Connection connection;
    private final Environment environment;
    private final String domain;
    private List<String> types = List.of();
    private StartPosition from = StartPosition.beginning();

    private Builder(Connection connection, Environment environment, String domain) {
      this.connection = Objects.requireNonNull(connection, "connection");
      this.environment = environment;
      this.domain = Objects.requireNonNull(domain, "domain");
      environment.streamName(domain);
    }

    /** Only these event types (all of the domain's when not called). */
    public Builder types(String... names) {
      this.types = List.of(names);
      return this;
    }

    /** Where to start (default: the beginning). */
    public Builder from(StartPosition position) {
      this.from = Objects.requireNonNull(position, "from");
      return this;
    }

    public Replay build() {
      new DomainFeed(connection, environment, domain, types);
      return new Replay(this);
    }
  }
}
