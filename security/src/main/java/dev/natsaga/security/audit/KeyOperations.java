package dev.natsaga.security.audit;

import dev.natsaga.security.EncryptionStage;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.shredding.SubjectKeys;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.Map;

/**
 * The key operations, each recorded in the {@link AuditTrail}: rotating the keyring of an encryption stage and
 * forgetting a data subject (recorded by its reference, never by its id).
 *
 * <pre>{@code
 * KeyOperations keys = new KeyOperations(audit);
 * keys.rotate(encryption, encryption.keyring().withNewestKey("k2", Aes256Gcm.newKey()));
 * keys.forget(subjectKeys, "customer-42");
 * }</pre>
 */
public final class KeyOperations {

  private final AuditTrail audit;

  public KeyOperations(AuditTrail audit) {
    this.audit = audit;
  }

  /** Makes {@code next} the stage's keyring and records the new newest key id. */
  public void rotate(EncryptionStage stage, Keyring next) {
    String previous = stage.keyring().newestKeyId();
    stage.rotate(next);
    audit.record(AuditTrail.KEY_ROTATED, Map.of("keyId", next.newestKeyId(), "previousKeyId", previous));
  }

  /** Destroys the subject's key and records it; returns whether the subject had one. */
  public boolean forget(SubjectKeys keys, String subjectId) throws IOException, JetStreamApiException {
    boolean had = keys.forget(subjectId);
    audit.record(AuditTrail.SUBJECT_FORGOTTEN, Map.of("subjectRef", SubjectKeys.ref(subjectId), "hadKey", String.valueOf(had)));
    return had;
  }
}
