package dev.natsaga.natsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} checked without a Docker engine: parsed as YAML, then pinned images,
 * ports, volumes, health checks, and every file it mounts or names must exist in the repository
 * (and a NATS config it names must pass the real nats-server's check with the same flags).
 */
class DockerComposeTest {

  /** An exact version tag, e.g. 2.15.1-alpine or 16.10-alpine: never latest, never a bare major. */
  private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:(\\d+)\\.(\\d+)(\\.\\d+)?(-[a-z0-9.]+)?");
  /** Compose interpolation with a default: ${NAME:-default} or ${NAME-default}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:?-)([^}]*)}");

  private static Path composeFile;
  private static Map<String, Object> compose;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    composeFile = NatsConfigFiles.repositoryRoot().resolve("docker-compose.yml");
    assertThat(composeFile).isRegularFile();
    try (Reader in = Files.newBufferedReader(composeFile)) {
      compose = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  @Test
  void has_nats_and_postgres_with_exactly_pinned_images() {
    assertThat(services()).containsOnlyKeys("nats", "postgres");
    for (String name : services().keySet()) {
      String image = string(service(name), "image");
      assertThat(image).as("image of %s", name).matches(PINNED).doesNotContain("latest");
    }
    Matcher nats = PINNED.matcher(string(service("nats"), "image"));
    assertThat(nats.matches()).isTrue();
    assertThat(string(service("nats"), "image")).startsWith("nats:");
    assertThat(nats.group(3)).as("nats image has a patch version").isNotNull();
    int minor = Integer.parseInt(nats.group(2));
    assertThat(Integer.parseInt(nats.group(1)) > 2 || minor >= 12).as("nats image >= 2.12 (sync_interval, current acks)").isTrue();
    assertThat(string(service("postgres"), "image")).startsWith("postgres:");
  }

  @Test
  void publishes_the_client_monitoring_and_database_ports() {
    assertThat(containerPorts("nats")).contains(4222, 8222);
    assertThat(containerPorts("postgres")).contains(5432);
  }

  @Test
  void nats_runs_a_mounted_config_that_exists_enables_jetstream_and_passes_nats_server_t() throws IOException {
    Map<String, Object> nats = service("nats");
    List<String> command = strings(nats.get("command"));
    assertThat(command).first().isEqualTo("nats-server");
    int config = Math.max(command.indexOf("--config"), command.indexOf("-c"));
    assertThat(config).as("command passes --config: %s", command).isNotNegative();
    String containerPath = interpolate(command.get(config + 1));

    Path hostFile = hostPathOf(nats, containerPath);
    assertThat(hostFile).as("%s is mounted from the repository", containerPath).isRegularFile();
    assertThat(hostFile.normalize()).startsWith(NatsConfigFiles.dir());
    String text = Files.readString(hostFile);
    assertThat(text).containsPattern("(?m)^\\s*include\\s+\"dev\\.conf\"|^jetstream\\s*\\{");

    // the alternative the file documents (NATS_CONFIG=secure.conf) exists as well
    assertThat(hostPathOf(nats, "/etc/natsaga/secure.conf")).isRegularFile();

    // the same arguments, with the container path mapped to the repository, pass the server's own check
    List<String> args = new ArrayList<>(command.subList(1, command.size()));
    args.replaceAll(a -> interpolate(a).equals(containerPath) ? hostFile.toString() : interpolate(a));
    args.add("-t");
    NatsConfigFiles.Run run = NatsConfigFiles.natsServer(hostFile.getParent(), args);
    assertThat(run.exitCode()).as("nats-server %s said:%n%s", args, run.output()).isZero();

    // JetStream's store (store_dir ./data/nats, relative to working_dir) lands in a named volume
    assertThat(string(nats, "working_dir")).isEqualTo("/");
    assertThat(Files.readString(NatsConfigFiles.file("dev.conf"))).contains("store_dir: \"./data/nats\"");
    assertThat(strings(nats.get("volumes"))).contains("nats-data:/data");
  }

  @Test
  void every_bind_mount_exists_and_every_named_volume_and_config_is_declared() {
    @SuppressWarnings("unchecked") Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
    @SuppressWarnings("unchecked") Map<String, Object> configs = (Map<String, Object>) compose.get("configs");
    assertThat(volumes).containsKeys("nats-data", "postgres-data");
    for (String name : services().keySet()) {
      for (String volume : strings(service(name).getOrDefault("volumes", List.of()))) {
        String source = volume.split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          assertThat(composeFile.getParent().resolve(source)).as("bind mount %s of %s", source, name).exists();
        } else {
          assertThat(volumes).as("named volume %s of %s is declared", source, name).containsKey(source);
        }
      }
      for (Object c : (List<?>) service(name).getOrDefault("configs", List.of())) {
        String source = c instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : String.valueOf(c);
        assertThat(configs).as("config %s of %s is declared", source, name).containsKey(source);
        @SuppressWarnings("unchecked") Map<String, Object> declared = (Map<String, Object>) configs.get(source);
        if (declared.containsKey("file")) {
          assertThat(composeFile.getParent().resolve(String.valueOf(declared.get("file")))).isRegularFile();
        } else {
          assertThat(String.valueOf(declared.get("content"))).isNotBlank();
        }
      }
    }
  }

  @Test
  void both_services_have_health_checks() {
    assertThat(strings(healthcheck("nats").get("test"))).anySatisfy(t -> assertThat(t).contains("8222/healthz"));
    assertThat(String.join(" ", strings(healthcheck("postgres").get("test")))).contains("pg_isready");
    for (String name : services().keySet()) {
      assertThat(healthcheck(name)).containsKeys("interval", "timeout", "retries");
    }
  }

  @Test
  void postgres_creates_its_database() {
    @SuppressWarnings("unchecked") Map<String, Object> env = (Map<String, Object>) service("postgres").get("environment");
    assertThat(env).containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
    assertThat(strings(service("postgres").get("volumes"))).anySatisfy(v -> assertThat(v).endsWith(":/var/lib/postgresql/data"));
  }

  // --- helpers ---

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    Object s = services().get(name);
    assertThat(s).as("service %s", name).isInstanceOf(Map.class);
    return (Map<String, Object>) s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> healthcheck(String name) {
    Object h = service(name).get("healthcheck");
    assertThat(h).as("healthcheck of %s", name).isInstanceOf(Map.class);
    return (Map<String, Object>) h;
  }

  private static String string(Map<String, Object> map, String key) {
    Object v = map.get(key);
    assertThat(v).as(key).isNotNull();
    return String.valueOf(v);
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return value == null ? List.of() : List.of(String.valueOf(value).trim().split("\\s+"));
  }

  /** Container ports of "host:container", "ip:host:container" or "container" entries. */
  private static List<Integer> containerPorts(String name) {
    return strings(service(name).get("ports")).stream()
        .map(p -> p.substring(p.lastIndexOf(':') + 1).replaceAll("/.*", ""))
        .map(Integer::parseInt).toList();
  }

  /** Resolves ${NAME:-default} the way compose does when NAME is unset. */
  private static String interpolate(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(3)));
    }
    m.appendTail(out);
    assertThat(out.toString()).as("unresolved variable in %s", value).doesNotContain("${");
    return out.toString();
  }

  /** The repository file behind a container path, through the service's bind mounts. */
  private static Path hostPathOf(Map<String, Object> service, String containerPath) {
    for (String volume : strings(service.get("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[0].startsWith(".") && containerPath.startsWith(parts[1] + "/")) {
        return composeFile.getParent().resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
      }
    }
    throw new AssertionError(containerPath + " is not inside a bind mount of the service: " + service.get("volumes"));
  }
}
