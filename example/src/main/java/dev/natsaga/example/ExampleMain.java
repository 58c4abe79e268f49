package dev.natsaga.example;

import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Runs both services in one JVM against {@code NATS_URL} (default {@code nats://127.0.0.1:4222}, a nats-server
 * started with {@code -js}), places two orders — one within the payment limit, one above it — waits for each
 * saga's outcome and prints it with its timeline. Exits 1 when an outcome is not the expected one.
 *
 * <pre>{@code
 * nats-server -js &
 * mvn -q -pl example -am package -DskipTests
 * mvn -q -pl example dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "example/target/classes:$(cat example/target/classpath.txt)" dev.natsaga.example.ExampleMain
 * }</pre>
 */
public final class ExampleMain {

  /** Charges above this amount (minor units) are declined. */
  public static final long PAYMENT_LIMIT = 10_000;
  private static final Duration OUTCOME = Duration.ofSeconds(30);

  private ExampleMain() {
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "data");
    System.exit(run(NatsagaOptions.fromEnvironment(), data, System.out) ? 0 : 1);
  }

  /**
   * Starts payments, then orders (each with its H2 database under {@code data}), places the two orders and
   * prints their outcomes; true when the first is APPROVED and the second CANCELLED with its saga compensated.
   */
  public static boolean run(NatsagaOptions options, Path data, PrintStream out) throws Exception {
    String env = options.environment().name();
    NatsagaOptions payments = NatsagaOptions.builder().natsUrl(options.connection().url()).environment(env)
        .serviceName("payments-service").build();
    NatsagaOptions orders = NatsagaOptions.builder().natsUrl(options.connection().url()).environment(env)
        .serviceName("orders-service").build();
    try (PaymentsService paymentService = PaymentsService.start(payments, h2(data, "payments"), PAYMENT_LIMIT);
         OrdersService orderService = OrdersService.start(orders, h2(data, "orders"))) {
      String suffix = Long.toString(System.currentTimeMillis(), 36);
      boolean approved = place(orderService, "o-" + suffix + "-1", 4_500, SagaStatus.COMPLETED, "APPROVED", out);
      boolean cancelled = place(orderService, "o-" + suffix + "-2", 25_000, SagaStatus.COMPENSATED, "CANCELLED", out);
      return approved && cancelled;
    }
  }

  private static boolean place(OrdersService orders, String orderId, long amount, SagaStatus expected, String expectedOrder,
      PrintStream out) throws Exception {
    UUID sagaId = orders.placeOrder(orderId, "alice", amount);
    SagaView outcome = orders.awaitOutcome(sagaId, OUTCOME);
    String order = orders.orderStatus(orderId).orElse("missing");
    boolean ok = outcome.status() == expected && order.equals(expectedOrder);
    out.println();
    out.println("order " + orderId + " for " + amount + " -> " + order + (ok ? "" : "  NOT AS EXPECTED (" + expectedOrder + ")"));
    SagaTimeline.render(outcome).lines().forEach(line -> out.println("  " + line));
    return ok;
  }

  private static String h2(Path data, String name) {
    return "jdbc:h2:file:" + data.toAbsolutePath().resolve(name);
  }
}
