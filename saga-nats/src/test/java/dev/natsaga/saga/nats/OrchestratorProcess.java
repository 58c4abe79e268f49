package dev.natsaga.saga.nats;

import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.Retry;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import dev.natsaga.saga.nats.ShopSaga.Order;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An orchestrator as its own JVM, for the kill -9 test: starts {@link OrchestratorRuntime} on the given NATS
 * server, environment and saga database, starts {@code count} shop sagas (8 threads) with caller keys {@code order-<i>}
 * (so a restarted process starting them again creates none twice), then runs until its stdin closes.
 *
 * <p>Arguments: {@code natsUrl env jdbcUrl dbUser dbPassword count [saga [batch]]}, {@code saga} = {@code shop} (default) or
 * {@code parallel} ({@link ParallelShopSaga}; order {@code i} has amount {@code 10 + i * 10}, so those above
 * {@link PaymentParticipant#DECLINE_ABOVE} are declined); {@code batch} = {@code <replies per transaction>:<halt after>}:
 * batched replies, and with {@code halt after} &gt; 0 the process halts (like {@code kill -9}) right after that many
 * replies were committed, before their acknowledgement.</p>
 */
public final class OrchestratorProcess {

  private OrchestratorProcess() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 6 || args.length > 8) {
      throw new IllegalArgumentException("usage: OrchestratorProcess natsUrl env jdbcUrl dbUser dbPassword count [shop|parallel [batch:haltAfter]]");
    }
    boolean parallel = args.length >= 7 && args[6].equals("parallel");
    String[] batch = (args.length == 8 ? args[7] : "1:0").split(":");
    SagaDatabaseOptions database = SagaDatabaseOptions.builder().url(args[2]).user(args[3]).password(args[4]).poolSize(10).build();
    int count = Integer.parseInt(args[5]);
    SagaDefinition<Order> saga = parallel ? parallelDefinition() : definition();
    OrchestratorRuntime runtime = OrchestratorRuntime.start(args[0], args[1], database, saga,
        TestNats.orchestratorOptions(Integer.parseInt(batch[0])), UnaryOperator.identity(), haltAfter(Integer.parseInt(batch[1])));
    System.out.println("orchestrator process started, pid " + ProcessHandle.current().pid());
    ExecutorService starters = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      int n = i;
      long amount = parallel ? 10 + n * 10L : 10 + n;
      starters.execute(() -> runtime.engine().start(saga, Order.of("order-" + n, amount), "order-" + n));
    }
    starters.shutdown();
    starters.awaitTermination(1, TimeUnit.MINUTES);
    System.out.println("started " + count + " sagas");
    awaitStdinClosed();
    runtime.close();
    System.out.println("orchestrator process stopped");
  }

  /** Halts the process once {@code replies} replies were handled (committed) and none of them acknowledged yet. */
  private static Middleware haltAfter(int replies) {
    AtomicInteger handled = new AtomicInteger();
    return (info, next) -> event -> {
      next.handle(event);
      if (replies > 0 && handled.incrementAndGet() == replies) {
        System.out.println("halting after " + replies + " committed replies, before their acknowledgement");
        Runtime.getRuntime().halt(137);
      }
    };
  }

  /** The definition both the process and the test use. */
  static SagaDefinition<Order> definition() {
    return ShopSaga.definition(Duration.ofSeconds(5), Retry.fixed(5, Duration.ofMillis(500)));
  }

  /** The parallel definition both the process and the test use. */
  static SagaDefinition<Order> parallelDefinition() {
    return ParallelShopSaga.definition(Duration.ofSeconds(5), Retry.fixed(5, Duration.ofMillis(500)));
  }

  private static void awaitStdinClosed() throws IOException {
    while (System.in.read() >= 0) {
      // the parent keeps stdin open while it wants the process to run
    }
  }
}
