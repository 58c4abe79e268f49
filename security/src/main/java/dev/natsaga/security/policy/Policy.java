package dev.natsaga.security.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.natsaga.framework.Environment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The authorization policy: per service, the event types it may publish and consume; plus the development users of
 * the broker (the operator and the system account). Read from YAML:
 *
 * <pre>{@code
 * services:
 *   booking-service:
 *     dev-password: booking-dev-password   # development only; production uses NKeys or creds files
 *     publish: [ "booking.>", payment.transaction.authorize.v1 ]
 *     consume: [ "booking.>", payment.transaction.authorized.v1 ]
 * admin: { user: natsaga-admin, dev-password: admin-dev-password }
 * system: { user: sys, dev-password: sys-dev-password }
 * }</pre>
 *
 * @param services the services by name (the framework's service name, which is also the events' {@code source})
 * @param environments the environments ({@code APP_ENV}) the users work in: rules that name a stream ({@code {ENV}_{DOMAIN}},
 *     one token, which a NATS wildcard cannot split) are written for each; the others use '*' for the env token
 * @param admin the operator's user (every subject of the account), or null
 * @param system the system account's user, or null
 */
public record Policy(Map<String, Service> services, List<String> environments, User admin, User system) {

  /** The setting naming the policy file. */
  public static final String SETTING = "NATSAGA_POLICY";

  public Policy {
    services = new TreeMap<>(services == null ? Map.of() : services);
    environments = environments == null ? List.of() : List.copyOf(environments);
    environments.forEach(Environment::of);
  }

  /**
   * What one service may do.
   *
   * @param devPassword its broker password in development (the generated accounts file), or null
   * @param publish the types it may publish
   * @param consume the types it may consume
   */
  public record Service(@JsonProperty("dev-password") String devPassword, List<TypePattern> publish, List<TypePattern> consume) {
    public Service {
      publish = publish == null ? List.of() : List.copyOf(publish);
      consume = consume == null ? List.of() : List.copyOf(consume);
    }
  }

  /**
   * A broker user that is not a service.
   *
   * @param user the user name
   * @param devPassword its password in development
   */
  public record User(String user, @JsonProperty("dev-password") String devPassword) {
  }

  /** Reads a policy file; a bad one fails naming the file, the setting and what is wrong. */
  public static Policy load(Path file) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return Objects.requireNonNull(yaml.readValue(file.toFile(), Policy.class), "empty policy");
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalStateException(SETTING + "=" + file + ": not a valid policy (" + why + "); fix the file: "
          + "services.<name>.publish / consume are lists of event-type patterns such as booking.>", e);
    }
  }

  /** Whether {@code service} may publish {@code type}; a service the policy does not name may publish nothing. */
  public boolean mayPublish(String service, String type) {
    Service s = services.get(service);
    return s != null && s.publish().stream().anyMatch(p -> p.matches(type));
  }

  /** Whether {@code service} may consume {@code type}. */
  public boolean mayConsume(String service, String type) {
    Service s = services.get(service);
    return s != null && s.consume().stream().anyMatch(p -> p.matches(type));
  }
}
