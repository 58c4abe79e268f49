package dev.natsaga.security.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.SecretKey;

/**
 * Named AES-256 keys, oldest first; the newest encrypts, every one decrypts (rotation: add a key, keep the old ones
 * while events under them are kept).
 *
 * <p>Loaded from the setting {@value #SETTING}: a file of {@code keyid=base64key} lines (the last one is the newest;
 * {@code #} starts a comment) or a directory of {@code <keyid>.key} files holding one base64 key each (ordered by file
 * name, the last is the newest). A key is 32 random bytes, e.g. {@code openssl rand -base64 32}.
 *
 * <pre>{@code
 * Keyring keyring = Keyring.fromSettings(System::getenv);
 * Keyring rotated = keyring.withNewestKey("k2", Aes256Gcm.newKey());
 * }</pre>
 */
public final class Keyring {

  /** The setting naming the keyring file or directory. */
  public static final String SETTING = "NATSAGA_KEYRING";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String FIX = "; fix: give one 'keyid=base64key' line per key (a key is 32 random bytes, e.g. "
      + "'k1='$(openssl rand -base64 32)), or a directory of <keyid>.key files";

  private final Map<String, SecretKey> keys;
  private final String newest;

  private Keyring(Map<String, SecretKey> keys) {
    if (keys.isEmpty()) {
      throw new KeyringException("a keyring needs at least one key" + FIX);
    }
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.newest = new ArrayList<>(keys.keySet()).get(keys.size() - 1);
  }

  /** A keyring of {@code keys}, oldest first (the last one encrypts). */
  public static Keyring of(Map<String, SecretKey> keys) {
    keys.keySet().forEach(Keyring::checkId);
    return new Keyring(keys);
  }

  /** A keyring with one key. */
  public static Keyring of(String keyId, SecretKey key) {
    return of(Map.of(keyId, key));
  }

  /** Reads the keyring the setting {@value #SETTING} names; fails naming the setting and the fix. */
  public static Keyring fromSettings(Function<String, String> settings) {
    String location = settings.apply(SETTING);
    if (location == null || location.isBlank()) {
      throw new KeyringException(SETTING + " is not set: point it at a keyring file or directory" + FIX);
    }
    return load(Path.of(location.trim()));
  }

  /** Reads a keyring file or directory (see the class comment). */
  public static Keyring load(Path location) {
    try {
      if (Files.isDirectory(location)) {
        return fromDirectory(location);
      }
      if (!Files.isRegularFile(location)) {
        throw new KeyringException(SETTING + "=" + location + ": no such file or directory" + FIX);
      }
      return fromLines(location, Files.readAllLines(location, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new KeyringException(SETTING + "=" + location + ": cannot read it (" + e.getMessage() + ")" + FIX);
    }
  }

  private static Keyring fromDirectory(Path dir) throws IOException {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".key")).sorted().toList()) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".key".length());
        keys.put(id, parse(file.toString(), id, Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    if (keys.isEmpty()) {
      throw new KeyringException(SETTING + "=" + dir + ": the directory holds no <keyid>.key file" + FIX);
    }
    return new Keyring(keys);
  }

  private static Keyring fromLines(Path file, List<String> lines) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new KeyringException(SETTING + "=" + where + ": expected 'keyid=base64key'" + FIX);
      }
      String id = line.substring(0, eq).strip();
      if (keys.containsKey(id)) {
        throw new KeyringException(SETTING + "=" + where + ": key id '" + id + "' appears twice" + FIX);
      }
      keys.put(id, parse(where, id, line.substring(eq + 1)));
    }
    if (keys.isEmpty()) {
      throw new KeyringException(SETTING + "=" + file + ": the file holds no key" + FIX);
    }
    return new Keyring(keys);
  }

  private static SecretKey parse(String where, String id, String base64) {
    if (!KEY_ID.matcher(id).matches()) {
      throw new KeyringException(SETTING + "=" + where + ": key id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'" + FIX);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyringException(SETTING + "=" + where + ": key '" + id + "' is not base64" + FIX);
    }
    if (raw.length != Aes256Gcm.KEY_BYTES) {
      throw new KeyringException(SETTING + "=" + where + ": key '" + id + "' is " + raw.length
          + " bytes, AES-256 needs " + Aes256Gcm.KEY_BYTES + FIX);
    }
    return Aes256Gcm.key(raw);
  }

  private static void checkId(String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new KeyringException("key id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }

  /** This keyring with {@code key} added as the newest (rotation); the old keys stay for decryption. */
  public Keyring withNewestKey(String keyId, SecretKey key) {
    checkId(keyId);
    if (keys.containsKey(keyId)) {
      throw new KeyringException("key id '" + keyId + "' is already in the keyring: give the new key a new id");
    }
    Map<String, SecretKey> next = new LinkedHashMap<>(keys);
    next.put(keyId, key);
    return new Keyring(next);
  }

  /** The id of the key that encrypts. */
  public String newestKeyId() {
    return newest;
  }

  /** The key that encrypts. */
  public SecretKey newestKey() {
    return keys.get(newest);
  }

  /** The key with this id, or null when the keyring does not hold it. */
  public SecretKey key(String keyId) {
    return keys.get(keyId);
  }

  /** The key ids, oldest first. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /** Writes {@code keyid=base64key} lines, oldest first: the file format {@link #load} reads. */
  public String toFileContent() {
    StringBuilder out = new StringBuilder();
    keys.forEach((id, key) -> out.append(id).append('=').append(Base64.getEncoder().encodeToString(key.getEncoded())).append('\n'));
    return out.toString();
  }

  @Override
  public String toString() {
    return "Keyring" + keys.keySet() + " (newest " + newest + ")";
  }
}
