package dev.natsaga.sample.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.framework.config.Settings;
import dev.natsaga.security.crypto.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The samples' keyring: NATSAGA_KEYRING when set; otherwise one development keyring file, created once, mode 600. */
class SampleKeyringTest {

  @Test
  void theDevelopmentKeyringIsCreatedOnceWithOwnerOnlyPermissions() throws Exception {
    Path file = Files.createTempDirectory("keyring-").resolve("data").resolve("keyring");

    assertThat(SampleKeyring.createIfAbsent(file)).isTrue();
    String first = Files.readString(file);
    assertThat(SampleKeyring.createIfAbsent(file)).as("a second start reuses it").isFalse();

    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Keyring.load(file).newestKey().getEncoded()).hasSize(32);
    try (var left = Files.list(file.getParent())) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void servicesStartingAtTheSameTimeEndUpWithOneKey() throws Exception {
    Path file = Files.createTempDirectory("keyring-").resolve("keyring");
    List<CompletableFuture<Boolean>> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      starts.add(CompletableFuture.supplyAsync(() -> SampleKeyring.createIfAbsent(file)));
    }

    assertThat(starts.stream().filter(CompletableFuture::join).count()).isOne();
    assertThat(Keyring.load(file).keyIds()).hasSize(1);
  }

  @Test
  void theKeyringSettingWinsWhenSet() throws Exception {
    Path file = Files.createTempDirectory("keyring-").resolve("prod");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(file, "prod-1=" + Base64.getEncoder().encodeToString(key) + "\n");

    Keyring keyring = SampleKeyring.load(Settings.of(Map.of(Keyring.SETTING, file.toString())));

    assertThat(keyring.newestKeyId()).isEqualTo("prod-1");
    assertThat(keyring.newestKey().getEncoded()).isEqualTo(key);
  }
}
