package dev.natsaga.security.shredding;

import dev.natsaga.framework.Environment;
import dev.natsaga.security.crypto.Aes256Gcm;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.crypto.KeyringException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * One AES-256 key per data subject (e.g. per customer id) in the KeyValue bucket {@code {ENV}_SUBJECT_KEYS}, each
 * wrapped (AES-256-GCM) with the master keyring's newest key. The bucket key is the SHA-256 of the subject id, so the
 * bucket does not list the ids themselves. {@link #forget} purges a subject's key: its events still replay, but their
 * encrypted fields read as {@value #REDACTED}.
 *
 * <p>Keys are read from the bucket on every use, without a cache, so a forgotten subject is forgotten at once by every
 * service.
 *
 * <pre>{@code
 * SubjectKeys keys = SubjectKeys.create(connection, Environment.of("prod"), masterKeyring, 3);
 * keys.forget("customer-42");
 * }</pre>
 */
public final class SubjectKeys {

  /** What an encrypted field of a forgotten subject reads as. */
  public static final String REDACTED = "[redacted]";
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private final KeyValue kv;
  private final Keyring master;

  public SubjectKeys(KeyValue kv, Keyring master) {
    this.kv = kv;
    this.master = master;
  }

  /** Creates (or reuses) the bucket {@code {ENV}_SUBJECT_KEYS}. */
  public static SubjectKeys create(Connection connection, Environment env, Keyring master, int replicas)
      throws IOException, JetStreamApiException {
    String bucket = bucketName(env);
    if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
      try {
        connection.keyValueManagement().create(KeyValueConfiguration.builder()
            .name(bucket).replicas(replicas).storageType(StorageType.File).maxHistoryPerKey(1).build());
      } catch (JetStreamApiException e) {
        if (!connection.keyValueManagement().getBucketNames().contains(bucket)) {
          throw e;
        }
      }
    }
    return new SubjectKeys(connection.keyValue(bucket), master);
  }

  /** The bucket name for an environment, e.g. {@code PROD_SUBJECT_KEYS}. */
  public static String bucketName(Environment env) {
    return env.dlqStreamName().replace("_DLQ", "_SUBJECT_KEYS");
  }

  /** The reference of a subject id: its SHA-256 in hex (the bucket key and the {@code encsubject} attribute). */
  public static String ref(String subjectId) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(subjectId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The subject's key, created on first use. */
  public SecretKey keyFor(String subjectId) {
    String ref = ref(subjectId);
    try {
      Optional<SecretKey> existing = find(ref);
      if (existing.isPresent()) {
        return existing.get();
      }
      SecretKey fresh = Aes256Gcm.newKey();
      try {
        kv.create(ref, wrap(ref, fresh));
        return fresh;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
          throw e;
        }
        return find(ref).orElseThrow(() -> new IllegalStateException("subject key " + ref + " vanished while created"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the subject-key bucket " + kv.getBucketName(), e);
    } catch (JetStreamApiException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read or create the key of subject " + ref + ": " + e.getMessage(), e);
    }
  }

  /**
   * The key of the subject with reference {@code ref}, or empty when it was forgotten (or never existed).
   *
   * @throws KeyringException when it was wrapped with a master key the keyring no longer holds
   * @throws GeneralSecurityException when the wrapped key does not verify
   */
  public Optional<SecretKey> find(String ref) throws GeneralSecurityException {
    KeyValueEntry entry;
    try {
      entry = kv.get(ref);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the subject-key bucket " + kv.getBucketName(), e);
    } catch (JetStreamApiException e) {
      throw new IllegalStateException("cannot read subject key " + ref + ": " + e.getMessage(), e);
    }
    if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
      return Optional.empty();
    }
    return Optional.of(unwrap(ref, entry.getValueAsString()));
  }

  /** Destroys the subject's key (purging the bucket key and its history); returns whether it had one. */
  public boolean forget(String subjectId) throws IOException, JetStreamApiException {
    String ref = ref(subjectId);
    KeyValueEntry entry = kv.get(ref);
    boolean had = entry != null && entry.getOperation() == KeyValueOperation.PUT;
    kv.purge(ref);
    return had;
  }

  private byte[] wrap(String ref, SecretKey key) {
    String masterId = master.newestKeyId();
    byte[] sealed = Aes256Gcm.seal(master.newestKey(), key.getEncoded(), aad(ref, masterId));
    return (masterId + ":" + Base64.getEncoder().encodeToString(sealed)).getBytes(StandardCharsets.UTF_8);
  }

  private SecretKey unwrap(String ref, String stored) throws GeneralSecurityException {
    int colon = stored.indexOf(':');
    String masterId = colon < 0 ? "" : stored.substring(0, colon);
    SecretKey masterKey = master.key(masterId);
    if (masterKey == null) {
      throw new KeyringException("subject key " + ref + " is wrapped with master key '" + masterId
          + "', which the keyring " + master.keyIds() + " does not hold: add it to " + Keyring.SETTING);
    }
    byte[] raw = Aes256Gcm.open(masterKey, Base64.getDecoder().decode(stored.substring(colon + 1)), aad(ref, masterId));
    return Aes256Gcm.key(raw);
  }

  private static byte[] aad(String ref, String masterId) {
    return ("natsaga-subject-key-v1\n" + ref + "\n" + masterId).getBytes(StandardCharsets.UTF_8);
  }
}
