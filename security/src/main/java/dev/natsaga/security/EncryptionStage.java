package dev.natsaga.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.crypto.KeyringException;
import dev.natsaga.security.shredding.SubjectKeys;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;

/**
 * Encrypts event data or fields on the way out and decrypts them on the way in (AES-256-GCM). Each ciphertext is bound
 * to the event's id, type, field and key, so ciphertext moved to another event or field does not decrypt. The key id
 * travels in {@value SecurityExtensions#ENC_KEY_ID} (or the data subject's reference in
 * {@value SecurityExtensions#ENC_SUBJECT}), the encrypted fields in {@value SecurityExtensions#ENC_PATHS}.
 *
 * <p>On the way in, a ciphertext that does not verify, an unknown key id, or a type this service's rules encrypt that
 * arrives in clear text is dead-lettered ({@code decryption-failed}, {@code unknown-key}); the handler never runs.
 * Fields of a forgotten data subject read as {@value SubjectKeys#REDACTED} and are listed in
 * {@value SecurityExtensions#REDACTED}.
 *
 * <pre>{@code
 * EncryptionStage encryption = new EncryptionStage(Keyring.fromSettings(System::getenv), rules);
 * Natsaga.builder(options).payloadStage(encryption);
 * encryption.rotate(encryption.keyring().withNewestKey("k2", Aes256Gcm.newKey())); // new events use k2
 * }</pre>
 */
public final class EncryptionStage implements PayloadStage {

  private static final String JSON = "application/json";
  private static final String SUBJECT_REF = "subject:";
  private final ObjectMapper mapper = Json.mapper();
  private final AtomicReference<Keyring> keyring;
  private final EncryptionRules rules;
  private final SubjectKeys subjectKeys;

  public EncryptionStage(Keyring keyring, EncryptionRules rules) {
    this(keyring, rules, null);
  }

  /** @param subjectKeys the per-subject keys, needed by rules declared with {@code subjectFields}; may be null */
  public EncryptionStage(Keyring keyring, EncryptionRules rules, SubjectKeys subjectKeys) {
    this.keyring = new AtomicReference<>(keyring);
    this.rules = rules;
    this.subjectKeys = subjectKeys;
  }

  /** The keyring in use. */
  public Keyring keyring() {
    return keyring.get();
  }

  /** Uses {@code next} from now on (rotation: its newest key encrypts; it must keep the old keys to read old events). */
  public void rotate(Keyring next) {
    keyring.set(next);
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    EncryptionRules.Rule rule = rules.rule(event.getType());
    byte[] bytes = rule == null ? null : PayloadJson.bytes(event);
    if (bytes == null) {
      return event;
    }
    JsonNode data = parse(bytes, event);
    CloudEventBuilder b = CloudEventBuilder.v1(event);
    String keyRef;
    SecretKey key;
    if (rule.subjectId() != null) {
      String subject = rule.subjectId().of(event, data);
      if (subject == null || subject.isBlank()) {
        throw new PayloadRefusedException(event.getType() + ": per-subject encryption needs a data subject id, and event "
            + event.getId() + " names none");
      }
      String ref = SubjectKeys.ref(subject);
      key = subjectKeys().keyFor(subject);
      keyRef = SUBJECT_REF + ref;
      b.withExtension(SecurityExtensions.ENC_SUBJECT, ref);
    } else {
      Keyring ring = keyring.get();
      key = ring.newestKey();
      keyRef = ring.newestKeyId();
      b.withExtension(SecurityExtensions.ENC_KEY_ID, keyRef);
    }
    if (rule.wholeData()) {
      String sealed = seal(key, bytes, aad(event, "", keyRef));
      return b.withData(JSON, BytesCloudEventData.wrap(json(new TextNode(sealed)))).build();
    }
    List<String> done = new ArrayList<>();
    for (String pointer : rule.pointers()) {
      if (JsonFields.present(data, pointer)) {
        byte[] plain = json(data.at(pointer));
        JsonFields.replace(data, pointer, new TextNode(seal(key, plain, aad(event, pointer, keyRef))));
        done.add(pointer);
      }
    }
    if (done.isEmpty()) {
      return event; // none of its protected fields has a value: nothing to encrypt, nothing to mark
    }
    b.withExtension(SecurityExtensions.ENC_PATHS, String.join(",", done));
    return b.withData(JSON, BytesCloudEventData.wrap(json(data))).build();
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    Object keyId = event.getExtension(SecurityExtensions.ENC_KEY_ID);
    Object subjectRef = event.getExtension(SecurityExtensions.ENC_SUBJECT);
    if (keyId == null && subjectRef == null) {
      return refuseClearText(event);
    }
    String keyRef = subjectRef != null ? SUBJECT_REF + subjectRef : keyId.toString();
    Optional<SecretKey> key = subjectRef != null ? subjectKey(event, subjectRef.toString()) : Optional.of(keyringKey(event, keyRef));
    Object paths = event.getExtension(SecurityExtensions.ENC_PATHS);
    byte[] bytes = PayloadJson.bytes(event);
    if (bytes == null) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, "is marked encrypted but carries no data");
    }
    JsonNode data = parseIncoming(bytes, event);
    if (paths == null) {
      if (key.isEmpty()) {
        throw rejected(DeadLetterReason.UNKNOWN_KEY, event, "its data subject's key was destroyed (forgotten subject)");
      }
      return withoutEncryption(event).withData(JSON, BytesCloudEventData.wrap(open(event, key.get(), data, "", keyRef))).build();
    }
    List<String> pointers = paths.toString().isEmpty() ? List.of() : Arrays.asList(paths.toString().split(","));
    CloudEventBuilder b = withoutEncryption(event);
    for (String pointer : pointers) {
      JsonNode value = key.isPresent() ? parseIncoming(open(event, key.get(), data.at(pointer), pointer, keyRef), event)
          : new TextNode(SubjectKeys.REDACTED);
      replaceIncoming(event, data, pointer, value);
    }
    if (key.isEmpty()) {
      b.withExtension(SecurityExtensions.REDACTED, paths.toString());
    }
    return b.withData(JSON, BytesCloudEventData.wrap(json(data))).build();
  }

  /** An event without encryption attributes passes unless a field this service's rules encrypt has a value in it. */
  private CloudEvent refuseClearText(CloudEvent event) throws PayloadRejectedException {
    EncryptionRules.Rule rule = rules.rule(event.getType());
    byte[] bytes = rule == null ? null : PayloadJson.bytes(event);
    if (bytes == null) {
      return event;
    }
    JsonNode data = parseIncoming(bytes, event);
    boolean clear = rule.wholeData() ? !data.isNull() : rule.pointers().stream().anyMatch(p -> JsonFields.present(data, p));
    if (clear) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, "arrived unencrypted (no " + SecurityExtensions.ENC_KEY_ID
          + " attribute) although this service's rules encrypt its type: clear text refused");
    }
    return event;
  }

  private SecretKey keyringKey(CloudEvent event, String keyId) throws PayloadRejectedException {
    Keyring ring = keyring.get();
    SecretKey key = ring.key(keyId);
    if (key == null) {
      throw rejected(DeadLetterReason.UNKNOWN_KEY, event, "is encrypted under key id '" + keyId + "', which the keyring "
          + ring.keyIds() + " does not hold: add that key to " + Keyring.SETTING);
    }
    return key;
  }

  private Optional<SecretKey> subjectKey(CloudEvent event, String ref) throws PayloadRejectedException {
    try {
      return subjectKeys().find(ref);
    } catch (KeyringException e) {
      throw rejected(DeadLetterReason.UNKNOWN_KEY, event, "its data subject's key cannot be unwrapped: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, "its data subject's key does not unwrap under the master key");
    }
  }

  private SubjectKeys subjectKeys() {
    if (subjectKeys == null) {
      throw new IllegalStateException("per-subject encryption needs a SubjectKeys store: pass one to the EncryptionStage");
    }
    return subjectKeys;
  }

  private byte[] open(CloudEvent event, SecretKey key, JsonNode sealed, String pointer, String keyRef)
      throws PayloadRejectedException {
    String where = pointer.isEmpty() ? "its data" : "field " + pointer;
    if (!sealed.isTextual()) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, where + " is not a ciphertext string");
    }
    try {
      return Aes256Gcm.open(key, Base64.getDecoder().decode(sealed.asText()), aad(event, pointer, keyRef));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, where + " does not decrypt under key '" + keyRef
          + "' (tampered, moved from another event, or another key under that id)");
    }
  }

  private static CloudEventBuilder withoutEncryption(CloudEvent event) {
    return CloudEventBuilder.v1(event).withoutExtension(SecurityExtensions.ENC_KEY_ID)
        .withoutExtension(SecurityExtensions.ENC_SUBJECT).withoutExtension(SecurityExtensions.ENC_PATHS);
  }

  private static byte[] aad(CloudEvent event, String pointer, String keyRef) {
    return String.join("\n", "natsaga-enc-v1", event.getId(), event.getType(), pointer, keyRef).getBytes(StandardCharsets.UTF_8);
  }

  private static String seal(SecretKey key, byte[] plain, byte[] aad) {
    return Base64.getEncoder().encodeToString(Aes256Gcm.seal(key, plain, aad));
  }

  private static void replaceIncoming(CloudEvent event, JsonNode data, String pointer, JsonNode value) throws PayloadRejectedException {
    try {
      JsonFields.replace(data, pointer, value);
    } catch (IllegalArgumentException e) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, "names encrypted field " + pointer + ", which its data lacks");
    }
  }

  private JsonNode parse(byte[] bytes, CloudEvent event) {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw new PayloadRefusedException(event.getType() + ": data of event " + event.getId() + " is not JSON, cannot encrypt fields");
    }
  }

  private JsonNode parseIncoming(byte[] bytes, CloudEvent event) throws PayloadRejectedException {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw rejected(DeadLetterReason.DECRYPTION_FAILED, event, "has encrypted data that is not JSON");
    }
  }

  private byte[] json(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static PayloadRejectedException rejected(DeadLetterReason reason, CloudEvent event, String what) {
    return new PayloadRejectedException(reason, event.getType() + " event " + event.getId() + " " + what);
  }
}
