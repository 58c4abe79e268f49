package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.outbox.FullDiskFileSystem;
import dev.natsaga.test.nats.NatsServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payment service on an H2 file database whose disk fills while an authorize command arrives (the file system
 * fails every write, as the reliability run's full tmpfs does; H2 closes the database). With the database circuit
 * breaker ({@code DB_CIRCUIT_BREAKER}, on by default) the command handler's circuit opens after two failed deliveries,
 * its consumer stops pulling, the command stays in the stream, and once the disk has room it is answered: nothing is
 * dead-lettered. Without the breaker (the control) the command uses up its five deliveries within about 8 s and is
 * dead-lettered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PaymentDatabaseOutageTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String AUTHORIZE_HANDLER = "payment-service__payment_transaction_authorize_v1";
  /** Longer than the deliveries of a command last without a breaker (0.5 + 1 + 2 + 4 s of backoff). */
  private static final Duration DISK_FULL = Duration.ofSeconds(12);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ConcurrentLinkedQueue<Event<JsonNode>> replies = new ConcurrentLinkedQueue<>();
  private PaymentApplication payment;
  private Natsaga probe;

  @AfterEach
  void stop() throws Exception {
    FullDiskFileSystem.fill(false);
    if (probe != null) {
      probe.close();
    }
    if (payment != null) {
      payment.close();
    }
  }

  @Test
  void withTheBreakerTheCommandWaitsOutTheFullDiskAndIsAnswered() throws Exception {
    start("outage-breaker", Optional.empty());
    assertThat(authorize().type().name()).as("answered before the fault").isEqualTo(PaymentMessages.AUTHORIZED);

    FullDiskFileSystem.fill(true);
    String commandId = publishAuthorize();
    boolean circuitOpen = false;
    long until = System.nanoTime() + DISK_FULL.toNanos();
    while (System.nanoTime() < until) {
      circuitOpen |= circuitDown();
      Thread.sleep(200);
    }
    FullDiskFileSystem.fill(false);
    long freedAt = System.nanoTime();

    assertThat(circuitOpen).as("the authorize handler's circuit opened while the disk was full").isTrue();
    Event<JsonNode> reply = await().atMost(Duration.ofSeconds(60)).until(() -> reply(commandId), Optional::isPresent).get();
    System.out.printf("answered %.1f s after the disk had room again%n", (System.nanoTime() - freedAt) / 1e9);
    assertThat(reply.type().name()).isEqualTo(PaymentMessages.AUTHORIZED);
    assertThat(probe.deadLetters().count()).as("dead letters").isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> !circuitDown());
    assertThat(authorize().type().name()).as("answered after the fault").isEqualTo(PaymentMessages.AUTHORIZED);
  }

  @Test
  void withoutItTheCommandIsDeadLetteredDuringTheFullDisk() throws Exception {
    start("outage-no-breaker", Optional.of("false"));
    assertThat(authorize().type().name()).isEqualTo(PaymentMessages.AUTHORIZED);

    FullDiskFileSystem.fill(true);
    String commandId = publishAuthorize();
    await().atMost(DISK_FULL).until(() -> probe.deadLetters().count() == 1);
    FullDiskFileSystem.fill(false);
    assertThat(reply(commandId)).as("never answered").isEmpty();
  }

  private void start(String env, Optional<String> breaker) throws Exception {
    String dbUrl = FullDiskFileSystem.url(Files.createTempDirectory("payment-outage-").resolve("payment"))
        + ";LOCK_TIMEOUT=10000";
    Map<String, String> settings = new java.util.HashMap<>(Map.of("NATS_URL", NATS.url(), "APP_ENV", env,
        "HTTP_PORT", "0", "PAYMENT_DB_URL", dbUrl));
    breaker.ifPresent(b -> settings.put("DB_CIRCUIT_BREAKER", b));
    payment = PaymentApplication.start(settings);
    Natsaga.Builder builder = Natsaga.builder(NatsagaOptions.builder().serviceName("payment-probe").environment(env)
        .natsUrl(NATS.url()).build());
    for (String type : new String[] {PaymentMessages.AUTHORIZED, PaymentMessages.DECLINED}) {
      builder.handler(HandlerRegistration.onEvent(type, JsonNode.class, replies::add).build());
    }
    probe = builder.build().start();
  }

  private Event<JsonNode> authorize() {
    String commandId = publishAuthorize();
    return await().atMost(Duration.ofSeconds(15)).until(() -> reply(commandId), Optional::isPresent).get();
  }

  /** An authorize command as a saga step sends it; @return its command id */
  private String publishAuthorize() {
    String bookingId = "b-" + UUID.randomUUID();
    String sagaId = UUID.randomUUID().toString();
    String commandId = UUID.randomUUID().toString();
    probe.publisher().publish(OutgoingEvent.command(PaymentMessages.AUTHORIZE,
            Map.of("bookingId", bookingId, "customerId", "c-1", "amount", 1_000, "currency", "EUR")).subject(bookingId)
        .extension("sagaid", sagaId).extension("sagastep", "authorize-payment").extension("commandid", commandId)
        .correlationId(sagaId).build());
    return commandId;
  }

  private Optional<Event<JsonNode>> reply(String commandId) {
    return replies.stream().filter(r -> commandId.equals(r.extension("commandid"))).findFirst();
  }

  /** Whether {@code GET /health} reports the authorize handler's circuit DOWN (open or half-open); false if it does not answer in 1 s. */
  private boolean circuitDown() throws Exception {
    HttpResponse<String> health;
    try {
      health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + payment.httpPort() + "/health"))
          .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException slow) {
      return false;   // its database check waits for a connection while the disk is full
    }
    JsonNode circuit = Json.mapper().readTree(health.body()).path("components").path("circuit:" + AUTHORIZE_HANDLER);
    return "DOWN".equals(circuit.path("status").asText());
  }
}
