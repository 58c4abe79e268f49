package dev.natsaga.sample.support;

import dev.natsaga.framework.config.Settings;
import dev.natsaga.security.crypto.Keyring;
import dev.natsaga.security.crypto.KeyringException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples' keyring for payload encryption: the one {@value Keyring#SETTING} names, or, when it is unset, a
 * development keyring file {@code ./data/keyring} (relative to the working directory, next to the samples' default H2
 * databases). That file is created on first start with one fresh random AES-256 key (mode 600), and every sample
 * started from the same directory reads the same file, so the booking and payment services share their key without
 * any setting; a WARN line says to set {@value Keyring#SETTING} in production.
 *
 * <pre>{@code
 * Keyring keyring = SampleKeyring.load(settings);   // NATSAGA_KEYRING, else ./data/keyring
 * }</pre>
 */
public final class SampleKeyring {

  /** The development keyring used when {@value Keyring#SETTING} is unset. */
  public static final Path DEFAULT_FILE = Path.of("data", "keyring");

  private static final Logger LOG = LoggerFactory.getLogger(SampleKeyring.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SampleKeyring() {
  }

  /** The keyring {@value Keyring#SETTING} names, else the development keyring {@link #DEFAULT_FILE}. */
  public static Keyring load(Settings settings) {
    if (settings.get(Keyring.SETTING).filter(s -> !s.isBlank()).isPresent()) {
      return Keyring.fromSettings(name -> settings.get(name).orElse(null));
    }
    Path file = DEFAULT_FILE.toAbsolutePath();
    boolean created = createIfAbsent(file);
    LOG.warn("{} is not set: payload encryption uses the development keyring {}{}; set {} to a keyring file from your"
        + " secret store in production", Keyring.SETTING, file, created ? " (created now with a fresh random key)" : "",
        Keyring.SETTING);
    return Keyring.load(file);
  }

  /**
   * Writes a keyring of one random key to {@code file} unless it exists. Atomic between processes started at the same
   * time: the key goes to a private temporary file first, which is then hard-linked to its name (fails if the name
   * exists), so a reader never sees a half-written keyring and two starters never end up with two keys.
   *
   * @return whether this call created it
   */
  static boolean createIfAbsent(Path file) {
    if (Files.exists(file)) {
      return false;
    }
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      temp = Files.createTempFile(file.getParent(), ".keyring-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, content(), StandardCharsets.UTF_8);
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // another sample created it first: use that one
    } catch (IOException | UnsupportedOperationException e) {
      throw new KeyringException(Keyring.SETTING + " is not set and the development keyring " + file
          + " cannot be created (" + e.getMessage() + "): set " + Keyring.SETTING + " to a keyring file");
    } finally {
      deleteQuietly(temp);
    }
  }

  private static String content() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "# natsaga samples: development keyring, created " + LocalDate.now() + "; set " + Keyring.SETTING
        + " in production\n" + "dev-" + LocalDate.now() + "=" + Base64.getEncoder().encodeToString(key) + "\n";
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", temp, e.getMessage());
    }
  }
}
