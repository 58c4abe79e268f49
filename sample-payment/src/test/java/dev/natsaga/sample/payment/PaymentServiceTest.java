package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.test.nats.NatsServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payment service started in this JVM against a real nats-server, driven by saga commands published from a
 * probe runtime that also collects the replies: the decline rule, one side effect per repeated command, void and
 * refund in every state, the HTTP API and start-up failures that name the setting.
 */
class PaymentServiceTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "paytest";
  private static final List<String> REPLY_TYPES = List.of(PaymentMessages.AUTHORIZED, PaymentMessages.DECLINED,
      PaymentMessages.CAPTURED, PaymentMessages.VOIDED, PaymentMessages.REFUNDED);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ConcurrentLinkedQueue<Event<JsonNode>> REPLIES = new ConcurrentLinkedQueue<>();

  private static Path dir;
  private static String dbUrl;
  private static PaymentApplication payment;
  private static Natsaga probe;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("payment-test-");
    dbUrl = "jdbc:h2:file:" + dir.resolve("payment") + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    payment = PaymentApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0", "PAYMENT_DB_URL", dbUrl));
    Natsaga.Builder builder = Natsaga.builder(NatsagaOptions.builder().serviceName("payment-probe").environment(ENV)
        .natsUrl(NATS.url()).build());
    for (String type : REPLY_TYPES) {
      builder.handler(HandlerRegistration.onEvent(type, JsonNode.class, REPLIES::add).build());
    }
    probe = builder.build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (probe != null) {
      probe.close();
    }
    if (payment != null) {
      payment.close();
    }
  }

  @Test
  void authorizesUpToTheLimitAndDeclinesAbove() throws Exception {
    String atLimit = booking();
    Event<JsonNode> authorized = send(PaymentMessages.AUTHORIZE, atLimit, authorize(atLimit, 100_000));
    assertThat(authorized.type().name()).isEqualTo(PaymentMessages.AUTHORIZED);
    assertThat(authorized.data().get("paymentId").asText()).isNotBlank();
    assertThat(authorized.extension("sensitivity")).as("the payment data is classified").isEqualTo("confidential");
    assertThat(payment(atLimit)).containsEntry("status", "AUTHORIZED").containsEntry("amount", 100_000);

    String above = booking();
    Event<JsonNode> declined = send(PaymentMessages.AUTHORIZE, above, authorize(above, 100_001));
    assertThat(declined.type().name()).isEqualTo(PaymentMessages.DECLINED);
    assertThat(declined.data().get("reason").asText()).contains("above the limit of 100000");
    assertThat(declined.extension("sensitivity")).isEqualTo("public");
    assertThat(payment(above)).containsEntry("status", "DECLINED").containsEntry("amount", 100_001);
  }

  @Test
  void aRepeatedCommandGetsTheSameReplyAndHasOneSideEffect() throws Exception {
    String bookingId = booking();
    String sagaId = UUID.randomUUID().toString();
    String commandId = UUID.randomUUID().toString();
    Event<JsonNode> first = send(PaymentMessages.AUTHORIZE, sagaId, commandId, authorize(bookingId, 4_500));
    Event<JsonNode> second = send(PaymentMessages.AUTHORIZE, sagaId, commandId, authorize(bookingId, 4_500));

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.type().name()).isEqualTo(PaymentMessages.AUTHORIZED);
    assertThat(second.data()).isEqualTo(first.data());
    assertThat(second.extension("commandid")).isEqualTo(commandId);
    assertThat(second.extension("sagastep")).isEqualTo("authorize-payment");
    assertThat(second.correlationId()).isEqualTo(sagaId);
    assertThat(count("SELECT COUNT(*) FROM payment WHERE booking_id = '" + bookingId + "'")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM saga_participant_command WHERE command_id = '" + commandId + "'")).isEqualTo(1);

    Event<JsonNode> otherCommand = send(PaymentMessages.AUTHORIZE, bookingId, authorize(bookingId, 4_500));
    assertThat(otherCommand.data().get("paymentId")).isEqualTo(first.data().get("paymentId"));
    assertThat(count("SELECT COUNT(*) FROM payment WHERE booking_id = '" + bookingId + "'")).isEqualTo(1);
  }

  @Test
  void capturesAnAuthorizationOnceAndRefundsIt() throws Exception {
    String bookingId = booking();
    send(PaymentMessages.AUTHORIZE, bookingId, authorize(bookingId, 2_000));
    assertThat(send(PaymentMessages.CAPTURE, bookingId, Map.of("bookingId", bookingId)).type().name()).isEqualTo(PaymentMessages.CAPTURED);
    assertThat(send(PaymentMessages.CAPTURE, bookingId, Map.of("bookingId", bookingId)).type().name()).isEqualTo(PaymentMessages.CAPTURED);
    assertThat(payment(bookingId)).containsEntry("status", "CAPTURED");

    Event<JsonNode> refunded = send(PaymentMessages.REFUND, bookingId, release(bookingId));
    assertThat(refunded.type().name()).isEqualTo(PaymentMessages.REFUNDED);
    assertThat(refunded.data().get("status").asText()).isEqualTo("REFUNDED");
    assertThat(payment(bookingId)).containsEntry("status", "REFUNDED");
  }

  @Test
  void voidReleasesWhateverIsHeldAndAlwaysAnswersVoided() throws Exception {
    String authorized = booking();
    send(PaymentMessages.AUTHORIZE, authorized, authorize(authorized, 1_000));
    assertThat(send(PaymentMessages.VOID, authorized, release(authorized)).type().name()).isEqualTo(PaymentMessages.VOIDED);
    assertThat(payment(authorized)).containsEntry("status", "VOIDED");
    assertThat(send(PaymentMessages.CAPTURE, authorized, Map.of("bookingId", authorized)).type().name())
        .as("a voided payment cannot be captured").isEqualTo(PaymentMessages.DECLINED);

    String captured = booking();
    send(PaymentMessages.AUTHORIZE, captured, authorize(captured, 1_000));
    send(PaymentMessages.CAPTURE, captured, Map.of("bookingId", captured));
    assertThat(send(PaymentMessages.VOID, captured, release(captured)).data().get("status").asText()).isEqualTo("REFUNDED");
    assertThat(payment(captured)).containsEntry("status", "REFUNDED");

    String declined = booking();
    send(PaymentMessages.AUTHORIZE, declined, authorize(declined, 500_000));
    assertThat(send(PaymentMessages.VOID, declined, release(declined)).type().name()).isEqualTo(PaymentMessages.VOIDED);
    assertThat(payment(declined)).containsEntry("status", "DECLINED");
  }

  @Test
  void aVoidBeforeTheAuthorizationMakesTheLateAuthorizationDecline() throws Exception {
    String bookingId = booking();
    Event<JsonNode> voided = send(PaymentMessages.VOID, bookingId, release(bookingId));
    assertThat(voided.type().name()).isEqualTo(PaymentMessages.VOIDED);
    assertThat(payment(bookingId)).containsEntry("status", "VOIDED");

    Event<JsonNode> late = send(PaymentMessages.AUTHORIZE, bookingId, authorize(bookingId, 1_000));
    assertThat(late.type().name()).isEqualTo(PaymentMessages.DECLINED);
    assertThat(late.data().get("reason").asText()).contains("late authorization");
    assertThat(payment(bookingId)).containsEntry("status", "VOIDED");
  }

  @Test
  void anInvalidAuthorizationIsDeclinedNamingTheField() throws Exception {
    String bookingId = booking();
    Event<JsonNode> declined = send(PaymentMessages.AUTHORIZE, bookingId, Map.of("bookingId", bookingId, "currency", "EUR"));
    assertThat(declined.type().name()).isEqualTo(PaymentMessages.DECLINED);
    assertThat(declined.data().get("reason").asText()).contains("'amount'");
  }

  @Test
  void httpApi() throws Exception {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(health.body()).get("status").asText()).isEqualTo("UP");

    HttpResponse<String> unknown = get("/payments/" + UUID.randomUUID());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(unknown.body()).get("error").asText()).startsWith("no payment for booking");

    HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(uri("/payments/x")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void badSettingsFailStartUpNamingTheSetting() {
    assertThatThrownBy(() -> PaymentApplication.start(settings("PAYMENT_DECLINE_ABOVE", "lots")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PAYMENT_DECLINE_ABOVE");
    assertThatThrownBy(() -> PaymentApplication.start(settings("HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_PORT");
    assertThatThrownBy(() -> PaymentApplication.start(settings("PAYMENT_DB_URL", "payment.db")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PAYMENT_DB_URL");
    assertThatThrownBy(() -> PaymentApplication.start(settings("NATS_CONSUMER_MAX_DELIVER", "often")))
        .hasMessageContaining("NATS_CONSUMER_MAX_DELIVER");
    assertThatThrownBy(() -> PaymentApplication.start(Map.of("NATS_URL", "nats://127.0.0.1:1", "NATS_CONNECT_TIMEOUT", "1s",
        "NATS_MAX_RECONNECTS", "0", "APP_ENV", ENV, "HTTP_PORT", "0", "PAYMENT_DB_URL", "jdbc:h2:mem:unreachable-nats")))
        .hasMessageContaining("NATS_URL");
  }

  private static Map<String, String> settings(String name, String value) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0",
        "PAYMENT_DB_URL", "jdbc:h2:mem:bad-setting"));
    settings.put(name, value);
    return settings;
  }

  private static String booking() {
    return "b-" + UUID.randomUUID();
  }

  private static Map<String, Object> authorize(String bookingId, long amount) {
    return Map.of("bookingId", bookingId, "customerId", "c-1", "amount", amount, "currency", "EUR");
  }

  private static Map<String, Object> release(String bookingId) {
    return Map.of("bookingId", bookingId, "amount", 1_000, "currency", "EUR", "reason", "test");
  }

  /** Sends a command as a new saga step attempt and returns its reply. */
  private static Event<JsonNode> send(String type, String bookingId, Object payload) {
    return send(type, UUID.randomUUID().toString(), UUID.randomUUID().toString(), payload, bookingId);
  }

  private static Event<JsonNode> send(String type, String sagaId, String commandId, Object payload) {
    return send(type, sagaId, commandId, payload, null);
  }

  private static Event<JsonNode> send(String type, String sagaId, String commandId, Object payload, String subject) {
    int before = (int) REPLIES.stream().filter(r -> commandId.equals(r.extension("commandid"))).count();
    probe.publisher().publish(OutgoingEvent.command(type, payload).subject(subject)
        .extension("sagaid", sagaId).extension("sagastep", "authorize-payment").extension("commandid", commandId)
        .correlationId(sagaId).build());
    return await().atMost(Duration.ofSeconds(15)).until(
        () -> REPLIES.stream().filter(r -> commandId.equals(r.extension("commandid"))).skip(before).findFirst().orElse(null),
        r -> r != null);
  }

  private static Map<String, Object> payment(String bookingId) throws Exception {
    HttpResponse<String> response = get("/payments/" + bookingId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = Json.mapper().readValue(response.body(), Map.class);
    return body;
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "sa", "");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + payment.httpPort() + path);
  }
}
