package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The card of an authorization: it arrives encrypted (the booking saga's encryption stage, played here by a probe
 * with the same keyring), is decrypted by the payment service, stored and shown masked only; a card sent in clear
 * text is dead-lettered, never handled.
 */
class PaymentCardTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final String ENV = "paycard";
  private static final String NUMBER = "5555555555554444";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ConcurrentLinkedQueue<Event<JsonNode>> REPLIES = new ConcurrentLinkedQueue<>();

  private static Path keyringFile;
  private static PaymentApplication payment;
  private static Natsaga encrypting;
  private static Natsaga clear;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("payment-card-");
    keyringFile = dir.resolve("keyring");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(keyringFile, "k1=" + Base64.getEncoder().encodeToString(key) + "\n");
    payment = PaymentApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", ENV, "HTTP_PORT", "0",
        "PAYMENT_DB_URL", "jdbc:h2:file:" + dir.resolve("payment"), Keyring.SETTING, keyringFile.toString()));
    EncryptionStage encryption = new EncryptionStage(Keyring.load(keyringFile),
        EncryptionRules.builder().fields(PaymentMessages.AUTHORIZE, PaymentMessages.ENCRYPTED_FIELDS).build(), null);
    encrypting = Natsaga.builder(options("card-probe")).payloadStage(encryption)
        .handler(HandlerRegistration.onEvent(PaymentMessages.AUTHORIZED, JsonNode.class, REPLIES::add).build()).build().start();
    clear = Natsaga.builder(options("clear-probe")).build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {clear, encrypting, payment}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void anEncryptedCardIsDecryptedAndStoredMaskedOnly() throws Exception {
    String bookingId = "b-" + UUID.randomUUID();
    String commandId = UUID.randomUUID().toString();
    encrypting.publisher().publish(authorize(bookingId, commandId));

    Event<JsonNode> reply = await().atMost(Duration.ofSeconds(15)).until(() -> REPLIES.stream()
        .filter(r -> commandId.equals(r.extension("commandid"))).findFirst().orElse(null), r -> r != null);
    assertThat(reply.data().get("bookingId").asText()).isEqualTo(bookingId);
    HttpResponse<String> shown = get("/payments/" + bookingId);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("\"card\":\"**** 4444\"").doesNotContain(NUMBER).doesNotContain("Grace Hopper");
    String stored = storedAuthorize(bookingId);
    assertThat(stored).doesNotContain(NUMBER).doesNotContain("Grace Hopper").contains("enckeyid");
  }

  @Test
  void aCardInClearTextIsDeadLetteredNotHandled() throws Exception {
    String bookingId = "b-" + UUID.randomUUID();
    clear.publisher().publish(authorize(bookingId, UUID.randomUUID().toString()));

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> deadLetters().contains(bookingId));
    assertThat(deadLetters()).contains("decryption-failed");
    assertThat(get("/payments/" + bookingId).statusCode()).as("never handled").isEqualTo(404);
  }

  private static OutgoingEvent<Map<String, Object>> authorize(String bookingId, String commandId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bookingId", bookingId);
    data.put("customerId", "c-9");
    data.put("amount", 2_000);
    data.put("currency", "EUR");
    data.put("card", Map.of("number", NUMBER, "holder", "Grace Hopper", "expiry", "01/31"));
    String sagaId = UUID.randomUUID().toString();
    return OutgoingEvent.command(PaymentMessages.AUTHORIZE, (Map<String, Object>) data).subject(bookingId)
        .extension("sagaid", sagaId).extension("sagastep", "authorize-payment").extension("commandid", commandId)
        .correlationId(sagaId).build();
  }

  /** The authorize command of {@code bookingId} as stored in the stream, read with plain jnats. */
  private static String storedAuthorize(String bookingId) throws Exception {
    return streamText("PAYCARD_PAYMENT", bookingId);
  }

  private static String deadLetters() throws Exception {
    return streamText("PAYCARD_DLQ", "");
  }

  /** Headers and data of every message of {@code stream} that mentions {@code needle}, as text. */
  private static String streamText(String stream, String needle) throws Exception {
    StringBuilder text = new StringBuilder();
    try (Connection nc = Nats.connect(NATS.url())) {
      long last = nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getLastSequence();
      for (long seq = 1; seq <= last; seq++) {
        MessageInfo m = nc.jetStreamManagement().getMessage(stream, seq);
        String one = (m.getHeaders() == null ? "" : m.getHeaders().entrySet().toString()) + new String(m.getData(), StandardCharsets.UTF_8);
        if (one.contains(needle)) {
          text.append(one).append('\n');
        }
      }
    }
    return text.toString();
  }

  private static NatsagaOptions options(String service) {
    return NatsagaOptions.builder().serviceName(service).environment(ENV).natsUrl(NATS.url()).build();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + payment.httpPort() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
