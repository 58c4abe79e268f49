package dev.natsaga.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring loads from a file or a directory named by NATSAGA_KEYRING; a bad one fails naming the setting and the fix. */
class KeyringTest {

  private static String key() {
    return Base64.getEncoder().encodeToString(Aes256Gcm.newKey().getEncoded());
  }

  @Test
  void aFileKeepsItsOrderAndItsLastKeyEncrypts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keyring");
    Files.writeString(file, "# payment keys\nk2024=" + key() + "\n\nk2025 = " + key() + "\n");
    Keyring keyring = Keyring.fromSettings(Map.of(Keyring.SETTING, file.toString())::get);
    assertThat(keyring.keyIds()).containsExactly("k2024", "k2025");
    assertThat(keyring.newestKeyId()).isEqualTo("k2025");
    assertThat(Keyring.load(writeTo(dir.resolve("copy"), keyring.toFileContent())).keyIds()).containsExactly("k2024", "k2025");
  }

  @Test
  void aDirectoryOfKeyFilesIsOrderedByName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("2025-06.key"), key());
    Files.writeString(dir.resolve("2024-01.key"), key() + "\n");
    Files.writeString(dir.resolve("README"), "not a key");
    Keyring keyring = Keyring.load(dir);
    assertThat(keyring.keyIds()).containsExactly("2024-01", "2025-06");
    assertThat(keyring.newestKeyId()).isEqualTo("2025-06");
  }

  @Test
  void badKeyringsFailNamingTheSettingWhatIsWrongAndTheFix(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Keyring.fromSettings(Map.<String, String>of()::get))
        .isInstanceOf(KeyringException.class).hasMessageContaining("NATSAGA_KEYRING is not set").hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> Keyring.load(dir.resolve("missing")))
        .hasMessageContaining("NATSAGA_KEYRING=" + dir.resolve("missing") + ": no such file");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> Keyring.load(writeTo(dir.resolve("short"), "k1=" + shortKey)))
        .hasMessageContaining("line 1: key 'k1' is 16 bytes, AES-256 needs 32").hasMessageContaining("fix:");
    assertThatThrownBy(() -> Keyring.load(writeTo(dir.resolve("b64"), "k1=not base64!")))
        .hasMessageContaining("key 'k1' is not base64");
    assertThatThrownBy(() -> Keyring.load(writeTo(dir.resolve("dup"), "k1=" + key() + "\nk1=" + key())))
        .hasMessageContaining("line 2: key id 'k1' appears twice");
    assertThatThrownBy(() -> Keyring.load(writeTo(dir.resolve("noeq"), "k1 without a key")))
        .hasMessageContaining("expected 'keyid=base64key'");
    assertThatThrownBy(() -> Keyring.load(writeTo(dir.resolve("empty"), "# nothing\n")))
        .hasMessageContaining("holds no key");
    Keyring one = Keyring.of("k1", Aes256Gcm.newKey());
    assertThatThrownBy(() -> one.withNewestKey("k1", Aes256Gcm.newKey())).hasMessageContaining("already in the keyring");
  }

  private static Path writeTo(Path file, String content) throws Exception {
    Files.writeString(file, content);
    return file;
  }
}
