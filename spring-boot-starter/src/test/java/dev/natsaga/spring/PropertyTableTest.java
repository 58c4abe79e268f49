package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every setting the framework's and the orchestrator's option classes read has a {@code natsaga.*} property, so a
 * setting added to the framework cannot be missing from the starter unnoticed. The saga database settings are the
 * exception: the starter uses the application's {@code DataSource}.
 */
class PropertyTableTest {

  private static final Pattern SETTING = Pattern.compile("\"((?:NATS|SAGA|APP|SERVICE)_[A-Z_]+)\"");
  private static final Set<String> OWNED_BY_THE_DATA_SOURCE = Set.of("SAGA_DB_URL", "SAGA_DB_USER", "SAGA_DB_PASSWORD",
      "SAGA_DB_POOL_SIZE");

  @Test
  void everySettingTheOptionClassesReadHasAProperty() throws IOException {
    Path root = Path.of(System.getProperty("natsaga.project.root", ".."));
    Set<String> read = new TreeSet<>();
    read.addAll(settingsIn(root.resolve("framework/src/main/java/dev/natsaga/framework/config")));
    read.addAll(settingsIn(root.resolve("saga-nats/src/main/java/dev/natsaga/saga/nats/SagaOrchestratorOptions.java")));
    read.removeAll(OWNED_BY_THE_DATA_SOURCE);

    assertThat(read).as("settings read by the option classes").contains("NATS_URL", "SAGA_DEADLINE_INTERVAL");
    assertThat(PropertySettings.settingNames()).as("add a property for each to NatsagaProperties and PropertySettings")
        .containsAll(read);
  }

  private static Set<String> settingsIn(Path path) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = SETTING.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
