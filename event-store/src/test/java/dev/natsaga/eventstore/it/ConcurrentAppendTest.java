package dev.natsaga.eventstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.EventStore;
import dev.natsaga.eventstore.StoredEvent;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two writers on one aggregate, 1,000 appends each: in two threads and in two JVMs. */
class ConcurrentAppendTest {

  private static final int APPENDS = 1000;

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void twoThreadsEndWithContiguousVersionsAndEveryLoserTold(Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore setup = Stores.store(nc, env);
    AggregateKey key = Stores.account("contended");
    EventStore a = EventStore.create(nc, Stores.options(env).build());
    EventStore b = EventStore.create(NATS.connect(), Stores.options(env).build());

    var first = CompletableFuture.supplyAsync(() -> ConcurrentAppender.run(a, key, "t1", APPENDS));
    var second = CompletableFuture.supplyAsync(() -> ConcurrentAppender.run(b, key, "t2", APPENDS));

    verify(setup, key, List.of(first.get(3, TimeUnit.MINUTES), second.get(3, TimeUnit.MINUTES)));
  }

  @Test
  void twoJvmsEndWithContiguousVersionsAndEveryLoserTold(Connection nc) throws Exception {
    String env = Stores.freshEnv();
    EventStore setup = Stores.store(nc, env);
    AggregateKey key = Stores.account("contended-jvm");
    Process p1 = jvm(env, key, "j1");
    Process p2 = jvm(env, key, "j2");

    var first = CompletableFuture.supplyAsync(() -> outcome(p1, "j1"));
    var second = CompletableFuture.supplyAsync(() -> outcome(p2, "j2"));

    verify(setup, key, List.of(first.get(3, TimeUnit.MINUTES), second.get(3, TimeUnit.MINUTES)));
  }

  private static void verify(EventStore store, AggregateKey key, List<ConcurrentAppender.Outcome> outcomes) {
    List<StoredEvent> events = store.load(key).events();
    assertThat(events).hasSize(2 * APPENDS);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).version()).isEqualTo(i + 1);
    }
    Map<String, List<Long>> stored = new HashMap<>();
    for (StoredEvent e : events) {
      Stores.Deposited d = e.data(Stores.Deposited.class);
      stored.computeIfAbsent(d.by(), w -> new ArrayList<>()).add(d.n());
    }
    long refused = 0;
    for (ConcurrentAppender.Outcome o : outcomes) {
      assertThat(stored.get(o.writer())).as("events stored for %s = the appends it was told succeeded", o.writer())
          .containsExactlyElementsOf(o.acknowledged());
      if (!o.refused().isEmpty()) {
        assertThat(stored.get(o.writer())).doesNotContainAnyElementsOf(o.refused());
      }
      assertThat(o.versions()).isSorted().doesNotHaveDuplicates();
      refused += o.refused().size();
    }
    assertThat(refused).as("the writers collided").isPositive();
  }

  private static Process jvm(String env, AggregateKey key, String writer) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ConcurrentAppender.class.getName(), NATS.url(), env, key.id(), writer, Integer.toString(APPENDS))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static ConcurrentAppender.Outcome outcome(Process p, String writer) {
    Map<String, List<Long>> lines = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int space = line.indexOf(' ');
        if (space > 0) {
          String rest = line.substring(space + 1);
          lines.put(line.substring(0, space), rest.isEmpty() ? List.of() : Arrays.stream(rest.split(",")).map(Long::valueOf).toList());
        }
      }
      if (p.waitFor() != 0) {
        throw new AssertionError("appender " + writer + " exited with " + p.exitValue());
      }
    } catch (Exception e) {
      throw new AssertionError("appender " + writer + " failed: " + e, e);
    }
    return new ConcurrentAppender.Outcome(writer, lines.get("ACK"), lines.get("REFUSED"), lines.get("VERSIONS"));
  }
}
