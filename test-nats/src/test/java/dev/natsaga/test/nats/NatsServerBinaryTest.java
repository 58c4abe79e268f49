package dev.natsaga.test.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class NatsServerBinaryTest {

  @TempDir
  Path tmp;

  @Test
  void resolvesTheConfiguredBinary() {
    NatsServerBinary binary = NatsServerBinary.resolve();

    assertThat(binary.isAtLeast(2, 10)).as(binary.toString()).isTrue();
    assertThat(Files.isExecutable(binary.path())).isTrue();
    assertThat(NatsServerBinary.resolve()).isSameAs(binary);
  }

  @Test
  void missingBinaryNamesTheSettingThePathAndTheFix() {
    Path missing = tmp.resolve("no-such-nats-server");
    String before = System.getProperty(NatsServerBinary.PROPERTY);
    System.setProperty(NatsServerBinary.PROPERTY, missing.toString());
    try {
      assertThatThrownBy(NatsServerBinary::resolve)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not found at " + missing)
          .hasMessageContaining("-Dnatsaga.nats.server.bin")
          .hasMessageContaining("NATS_SERVER_BIN")
          .hasMessageContaining("scripts/fetch-nats-server.sh");
    } finally {
      restore(before);
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void tooOldBinaryIsRejectedWithItsVersion() throws IOException {
    Path fake = tmp.resolve("nats-server");
    Files.writeString(fake, "#!/bin/sh\necho 'nats-server: v2.9.10'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> NatsServerBinary.at(fake))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 2.9.10")
        .hasMessageContaining("older than the required 2.10")
        .hasMessageContaining("scripts/fetch-nats-server.sh");
  }

  @Test
  void emptyOrUnexpandedPropertyCountsAsUnset() throws IOException {
    Path root = fakeProjectRoot();
    for (String unset : new String[] {"", "  ", "${env.NATS_SERVER_BIN}"}) {
      Map<String, String> props = Map.of(NatsServerBinary.PROPERTY, unset,
          NatsServerBinary.PROJECT_ROOT_PROPERTY, root.toString());

      BinaryLocation location = BinaryLocation.fromSettings(props::get, name -> null, tmp);

      assertThat(location.path()).isEqualTo(root.resolve(NatsServerBinary.DEFAULT_RELATIVE_PATH));
    }
  }

  @Test
  void propertyWinsOverEnvironmentWhichWinsOverDefault() {
    Map<String, String> env = Map.of(NatsServerBinary.ENV_VAR, "/opt/env/nats-server");

    assertThat(BinaryLocation.fromSettings(
        Map.of(NatsServerBinary.PROPERTY, "/opt/prop/nats-server")::get, env::get, tmp).path())
        .isEqualTo(Path.of("/opt/prop/nats-server").toAbsolutePath());
    BinaryLocation fromEnv = BinaryLocation.fromSettings(name -> null, env::get, tmp);
    assertThat(fromEnv.path()).isEqualTo(Path.of("/opt/env/nats-server").toAbsolutePath());
    assertThat(fromEnv.source()).contains("NATS_SERVER_BIN");
    BinaryLocation passedOn = BinaryLocation.fromSettings(
        Map.of(NatsServerBinary.PROPERTY, "/opt/env/nats-server")::get, env::get, tmp);
    assertThat(passedOn.source()).contains("NATS_SERVER_BIN", "-Dnatsaga.nats.server.bin");
  }

  @Test
  void projectRootIsFoundByWalkingUpFromTheWorkingDirectory() throws IOException {
    Path root = fakeProjectRoot();
    Path moduleDir = Files.createDirectories(root.resolve("some-module/src"));

    BinaryLocation location = BinaryLocation.fromSettings(name -> null, name -> null, moduleDir);

    assertThat(location.path()).isEqualTo(root.resolve(".tools/nats-server/usr/sbin/nats-server"));
  }

  private Path fakeProjectRoot() throws IOException {
    Path root = tmp.resolve("project");
    Files.createDirectories(root.resolve("scripts"));
    Files.writeString(root.resolve(NatsServerBinary.FETCH_SCRIPT), "#!/bin/sh\n");
    return root;
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(NatsServerBinary.PROPERTY);
    } else {
      System.setProperty(NatsServerBinary.PROPERTY, before);
    }
  }
}
