package dev.natsaga.outbox;

import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A relay process that is killed between publish and mark: it relays one round whose events all get their
 * acknowledgements, then writes the marker file and blocks before the round can mark them, until {@code kill -9}.
 * Arguments: nats url, environment, JDBC url, user, password, event count, marker file.
 */
public final class OutboxCrashProcess {

  private OutboxCrashProcess() {
  }

  public static void main(String[] args) throws Exception {
    int events = Integer.parseInt(args[5]);
    Path marker = Path.of(args[6]);
    Natsaga natsaga = Natsaga.builder(Outboxes.options(args[0], args[1], "shop-service")).domains("shop").build().start();
    AtomicInteger acknowledged = new AtomicInteger();
    EventPublisher stalling = new EventPublisher() {
      @Override
      public PublishResult publish(OutgoingEvent<?> event) {
        return natsaga.publisher().publish(event);
      }

      @Override
      public CompletableFuture<PublishResult> publishAsync(OutgoingEvent<?> event) {
        return natsaga.publisher().publishAsync(event).thenApply(r -> {
          if (acknowledged.incrementAndGet() == events) {
            stallForever(marker);
          }
          return r;
        });
      }

      @Override
      public List<PublishResult> publishBatch(List<? extends OutgoingEvent<?>> batch) {
        return natsaga.publisher().publishBatch(batch);
      }

      @Override
      public void awaitInFlight(Duration timeout) throws InterruptedException {
        natsaga.publisher().awaitInFlight(timeout);
      }
    };
    OutboxRelay.builder().dataSource(dataSource(args[2], args[3], args[4])).publisher(() -> stalling)
        .batchSize(events).build().relayPending();
  }

  private static void stallForever(Path marker) {
    try {
      Files.writeString(marker, "published, not marked");
      Thread.sleep(Long.MAX_VALUE);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  private static javax.sql.DataSource dataSource(String url, String user, String password) {
    if (url.startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      h2.setUser(user);
      h2.setPassword(password);
      return h2;
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    pg.setUser(user);
    pg.setPassword(password);
    return pg;
  }
}
