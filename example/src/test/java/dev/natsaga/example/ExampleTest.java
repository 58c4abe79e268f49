package dev.natsaga.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.example.OrderSaga.OrderState;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The example as a user runs it, against a real nats-server and H2 files: both orders end as expected. */
class ExampleTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @TempDir
  Path data;

  private NatsagaOptions options(String service) {
    return NatsagaOptions.builder().natsUrl(NATS.url()).environment("ex" + System.nanoTime() % 1_000_000)
        .serviceName(service).build();
  }

  @Test
  void exampleMainApprovesTheOrderWithinTheLimitAndCancelsTheOneAboveIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    boolean asExpected = ExampleMain.run(options("example"), data, new PrintStream(out, true, StandardCharsets.UTF_8));

    String report = out.toString(StandardCharsets.UTF_8);
    System.out.print(report);
    assertThat(asExpected).as(report).isTrue();
    assertThat(report)
        .containsPattern("order o-\\S+-1 for 4500 -> APPROVED")
        .containsPattern("order o-\\S+-2 for 25000 -> CANCELLED")
        .containsPattern("charge-payment +EXECUTE +SUCCEEDED +payments\\.payment\\.charged\\.v1")
        .containsPattern("charge-payment +EXECUTE +FAILED +payments\\.payment\\.declined\\.v1")
        .containsPattern("create-order +COMPENSATE +SUCCEEDED");
  }

  @Test
  void queriesShowTheStateTheRepliesFoldedIn() throws Exception {
    NatsagaOptions options = options("orders-service");
    String env = options.environment().name();
    NatsagaOptions payments = NatsagaOptions.builder().natsUrl(NATS.url()).environment(env).serviceName("payments-service").build();
    try (PaymentsService p = PaymentsService.start(payments, "jdbc:h2:file:" + data.resolve("payments"), ExampleMain.PAYMENT_LIMIT);
         OrdersService orders = OrdersService.start(options, "jdbc:h2:file:" + data.resolve("orders"))) {
      UUID sagaId = orders.placeOrder("o-q", "bob", 700);
      assertThat(orders.placeOrder("o-q", "bob", 700)).as("the same order places one saga").isEqualTo(sagaId);

      SagaView done = orders.awaitOutcome(sagaId, Duration.ofSeconds(30));

      assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
      OrderState state = orders.queries().findState(sagaId, OrderState.class).orElseThrow();
      assertThat(state.paymentId()).startsWith("pay-");
      assertThat(orders.orderStatus("o-q")).contains("APPROVED");
    }
  }
}
