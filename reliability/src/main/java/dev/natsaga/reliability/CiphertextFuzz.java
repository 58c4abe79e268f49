package dev.natsaga.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.security.EncryptionRules;
import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.api.PublishAck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Tampered, re-keyed and swapped ciphertexts against a small encrypted consumer this run starts in its own JVM (the
 * samples encrypt nothing): a natsaga runtime in its own environment ({@code {env}enc}) with the security module's
 * {@link EncryptionStage} on {@code vault.card.charged.v1} (fields {@code /card/number}, {@code /card/holder}, keyring
 * of two keys). Every forgery must be dead-lettered with its reason on the first delivery and never reach the handler;
 * the valid events between them must all be handled.
 */
final class CiphertextFuzz {

  static final String CHECK = "tampered, re-keyed and swapped ciphertexts => dead-lettered (decryption-failed / unknown-key), never handled";
  static final String VALID = "valid encrypted events between the forgeries are handled";
  private static final String TYPE = "vault.card.charged.v1";
  private static final String NUMBER = "/card/number";
  private static final String HOLDER = "/card/holder";
  /** A card number of the run's events (4111 and 12 digits): never in a dead letter's error. */
  private static final java.util.regex.Pattern CARD = java.util.regex.Pattern.compile("4111\\d{12}");

  /** The payload: a card to protect. */
  record Charge(String chargeId, Card card, long amount) {
    /** The protected fields. */
    record Card(String number, String holder) {
    }
  }

  /** A forgery: how it changes an encrypted event, and the reason it must get. */
  private record Forgery(String name, BiFunction<CloudEvent, Random, CloudEvent> change, DeadLetterReason reason) {
  }

  private final Keyring keyring = twoKeys();
  private final EncryptionRules rules = EncryptionRules.builder().fields(TYPE, NUMBER, HOLDER).build();
  private final EncryptionStage producer = new EncryptionStage(keyring, rules);
  private final Report report;
  private final String url;
  private final String env;

  CiphertextFuzz(Report report, String natsUrl, String runEnv) {
    this.report = report;
    this.url = natsUrl;
    this.env = runEnv + "enc";
  }

  /** Sends {@code count} forgeries, with a valid event after every fourth, and checks what became of each. */
  void run(int count, long seed) throws Exception {
    Random random = new Random(seed);
    List<Forgery> forgeries = forgeries();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Map<Long, Forgery> forged = new HashMap<>();
    List<String> valid = new ArrayList<>();
    CloudEventCodec codec = new CloudEventCodec();
    try (Natsaga natsaga = start(handled)) {
      var js = natsaga.connection().jetStream();
      for (int i = 0; i < count; i++) {
        Forgery f = forgeries.get(i % forgeries.size());
        CloudEvent e = f.change().apply(producer.outgoing(clear(UUID.randomUUID().toString(), random)), random);
        PublishAck ack = js.publish(codec.encode(env + "." + TYPE, e, i % 2 == 0 ? ContentMode.STRUCTURED : ContentMode.BINARY));
        forged.put(ack.getSeqno(), f);
        if (i % 4 == 3) {
          CloudEvent ok = producer.outgoing(clear(UUID.randomUUID().toString(), random));
          js.publish(codec.encode(env + "." + TYPE, ok, ContentMode.BINARY));
          valid.add(ok.getId());
        }
      }
      Map<Long, DeadLetter> dead = awaitDeadLetters(natsaga, forged.size());
      verify(forged, dead, handled, valid);
    }
  }

  private void verify(Map<Long, Forgery> forged, Map<Long, DeadLetter> dead, Set<String> handled, List<String> valid) {
    Report.Check c = report.check(CHECK);
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    forged.forEach((seq, f) -> {
      DeadLetter d = dead.get(seq);
      String outcome = d == null ? "not dead-lettered" : d.reason().header() + (d.deliveryCount() == 1 ? "" : " after " + d.deliveryCount() + " deliveries");
      c.verify(d != null && d.reason() == f.reason() && d.deliveryCount() == 1 && !CARD.matcher(d.error()).find(),
          f.name() + " (stream seq " + seq + "): " + outcome + (d == null ? "" : ", error " + d.error()));
      outcomes.merge(f.name() + ": " + outcome, 1, Integer::sum);
    });
    Report.Check v = report.check(VALID);
    valid.forEach(id -> v.verify(handled.contains(id), "valid event " + id + " not handled"));
    Set<String> validIds = Set.copyOf(valid);
    handled.stream().filter(id -> !validIds.contains(id)).forEach(id -> c.fail("forged event " + id + " reached the handler"));
    report.figure("ciphertexts (encrypted consumer in env " + env + "): forged / valid sent", forged.size() + " / " + valid.size());
    report.figure("ciphertexts: outcome", outcomes);
  }

  private Map<Long, DeadLetter> awaitDeadLetters(Natsaga natsaga, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<Long, DeadLetter> bySeq = new HashMap<>();
    while (System.nanoTime() < deadline) {
      if (natsaga.deadLetters().count() >= expected) {
        break;
      }
      ServiceProcess.sleep(250);
    }
    for (DeadLetter d : natsaga.deadLetters().list(0, expected + 100)) {
      bySeq.put(d.originalSequence(), d);
    }
    return bySeq;
  }

  private Natsaga start(Set<String> handled) throws Exception {
    NatsagaOptions options = NatsagaOptions.builder().natsUrl(url).environment(env).serviceName("vault")
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))).build();
    return Natsaga.builder(options).domains("vault").payloadStage(new EncryptionStage(keyring, rules))
        .handler(HandlerRegistration.onEvent(TYPE, Charge.class, e -> handled.add(e.id())).build()).build().start();
  }

  private List<Forgery> forgeries() {
    DeadLetterReason failed = DeadLetterReason.DECRYPTION_FAILED;
    return List.of(
        new Forgery("a base64 character changed at a random place", (e, r) -> withField(e, NUMBER, changeChar(field(e, NUMBER), r)), failed),
        new Forgery("a random bit flipped", (e, r) -> withField(e, HOLDER, flipBit(field(e, HOLDER), r)), failed),
        new Forgery("the tag cut off", (e, r) -> withField(e, NUMBER, cut(field(e, NUMBER), 16)), failed),
        new Forgery("not base64", (e, r) -> withField(e, NUMBER, "!!not-base64!!"), failed),
        new Forgery("the field a number", (e, r) -> withNode(e, NUMBER, Json.mapper().getNodeFactory().numberNode(4)), failed),
        new Forgery("key id of a key the keyring lacks", (e, r) -> CloudEventBuilder.v1(e).withExtension("enckeyid", "k" + (3 + r.nextInt(90))).build(),
            DeadLetterReason.UNKNOWN_KEY),
        new Forgery("re-keyed: labelled with the other key of the keyring", (e, r) -> CloudEventBuilder.v1(e).withExtension("enckeyid", "k1").build(), failed),
        new Forgery("encrypted under another key with the same id",
            (e, r) -> new EncryptionStage(twoKeys(), rules).outgoing(clear(e.getId(), r)), failed),
        new Forgery("ciphertext moved from another event",
            (e, r) -> withField(e, NUMBER, field(producer.outgoing(clear(UUID.randomUUID().toString(), r)), NUMBER)), failed),
        new Forgery("ciphertexts of the two fields swapped", (e, r) -> withField(withField(e, NUMBER, field(e, HOLDER)), HOLDER, field(e, NUMBER)), failed),
        new Forgery("event id changed", (e, r) -> CloudEventBuilder.v1(e).withId(UUID.randomUUID().toString()).build(), failed),
        new Forgery("encpaths naming a field that is not there", (e, r) -> CloudEventBuilder.v1(e).withExtension("encpaths", "/card/cvv").build(), failed),
        new Forgery("encryption attributes stripped, clear text", (e, r) -> clear(e.getId(), r), failed));
  }

  /** k1 then k2: k2, the newest, encrypts. */
  private static Keyring twoKeys() {
    Map<String, javax.crypto.SecretKey> keys = new java.util.LinkedHashMap<>();
    keys.put("k1", Aes256Gcm.newKey());
    keys.put("k2", Aes256Gcm.newKey());
    return Keyring.of(keys);
  }

  private static CloudEvent clear(String id, Random r) {
    Charge c = new Charge("ch-" + id, new Charge.Card("4111" + (100_000_000_000L + Math.floorMod(r.nextLong(), 899_999_999_999L)), "Grace H"), 10);
    return PayloadJson.withData(CloudEventBuilder.v1().withId(id).withSource(URI.create("vault")).withType(TYPE).build(),
        Json.mapper().valueToTree(c).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static JsonNode data(CloudEvent e) {
    try {
      return Json.mapper().readTree(PayloadJson.bytes(e));
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static String field(CloudEvent e, String pointer) {
    return data(e).at(pointer).asText();
  }

  private static CloudEvent withField(CloudEvent e, String pointer, String value) {
    return withNode(e, pointer, Json.mapper().getNodeFactory().textNode(value));
  }

  private static CloudEvent withNode(CloudEvent e, String pointer, JsonNode value) {
    JsonNode data = data(e);
    ((ObjectNode) data.at(pointer.substring(0, pointer.lastIndexOf('/')))).set(pointer.substring(pointer.lastIndexOf('/') + 1), value);
    return PayloadJson.withData(e, data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String changeChar(String base64, Random r) {
    char[] chars = base64.replace("=", "").toCharArray();
    int i = r.nextInt(chars.length - 1);     // not the last character: its low bits may be padding
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    return new String(chars) + "=".repeat(base64.length() - base64.replace("=", "").length());
  }

  private static String flipBit(String base64, Random r) {
    byte[] b = Base64.getDecoder().decode(base64);
    int bit = r.nextInt(b.length * 8);
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Base64.getEncoder().encodeToString(b);
  }

  private static String cut(String base64, int bytes) {
    byte[] b = Base64.getDecoder().decode(base64);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, Math.max(0, b.length - bytes)));
  }
}
