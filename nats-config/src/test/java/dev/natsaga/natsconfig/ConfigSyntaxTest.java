package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every config file passes the real nats-server's own check ({@code nats-server -t -c FILE}). */
class ConfigSyntaxTest {

  static Stream<String> confFiles() {
    return NatsConfigFiles.allConfFiles().stream();
  }

  @Test
  void theExpectedFilesExist() {
    assertThat(NatsConfigFiles.allConfFiles()).containsExactlyInAnyOrder(
        "dev.conf", "accounts.conf", "secure.conf", "cluster/node-1.conf", "cluster/node-2.conf", "cluster/node-3.conf",
        "cluster/secure-node-1.conf", "cluster/secure-node-2.conf", "cluster/secure-node-3.conf");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("confFiles")
  void nats_server_accepts(String relative) {
    NatsConfigFiles.Run run = NatsConfigFiles.check(NatsConfigFiles.file(relative));
    assertThat(run.exitCode()).as("nats-server -t -c %s said:%n%s", relative, run.output()).isZero();
    assertThat(run.output()).contains("is valid");
  }

  /** The check is worth something only if it rejects mistakes: a misspelt key and a bad value fail. */
  @Test
  void the_check_rejects_a_misspelt_key_and_a_bad_value(@TempDir Path dir) throws IOException {
    String dev = Files.readString(NatsConfigFiles.file("dev.conf"));
    Path typo = Files.writeString(dir.resolve("typo.conf"), dev.replace("sync_interval: always", "sync_intervall: always"));
    Path bad = Files.writeString(dir.resolve("bad.conf"), dev.replace("sync_interval: always", "sync_interval: sometimes"));

    assertThat(NatsConfigFiles.check(typo).exitCode()).isNotZero();
    assertThat(NatsConfigFiles.check(typo).output()).contains("unknown field \"sync_intervall\"");
    assertThat(NatsConfigFiles.check(bad).exitCode()).isNotZero();
    assertThat(NatsConfigFiles.check(bad).output()).contains("sync_interval");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverConfigs")
  void every_server_config_fsyncs_before_the_ack_and_bounds_payload_and_store(String relative) throws IOException {
    String text = Files.readString(NatsConfigFiles.file(relative));
    assertThat(text).containsPattern("(?m)^\\s*sync_interval:\\s*always\\s*$")
        .containsPattern("(?m)^\\s*max_payload:\\s*1MB\\s*$")
        .containsPattern("(?m)^\\s*max_memory_store:")
        .containsPattern("(?m)^\\s*max_file_store:")
        .containsPattern("(?m)^\\s*store_dir:")
        .contains("Jepsen");
  }

  static List<String> serverConfigs() {
    return List.of("dev.conf", "cluster/node-1.conf", "cluster/node-2.conf", "cluster/node-3.conf");
  }
}
