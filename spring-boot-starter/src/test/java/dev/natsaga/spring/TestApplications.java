package dev.natsaga.spring;

import dev.natsaga.spring.app.OrdersApplication;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs {@link OrdersApplication} with test properties: its own environment (subjects) and its own H2 database. */
final class TestApplications {

  private TestApplications() {
  }

  /** Runs the application with {@code overrides} winning over the test properties, and any extra configuration classes. */
  static ConfigurableApplicationContext run(String natsUrl, Map<String, String> overrides, Class<?>... extraConfiguration) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.application.name", "orders-service");
    properties.put("spring.datasource.url", "jdbc:h2:mem:orders-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    properties.put("natsaga.nats.url", natsUrl);
    properties.put("natsaga.env", "sb" + Long.toString(System.nanoTime() % 1_000_000, 36));
    properties.put("natsaga.shutdown-timeout", "5s");
    properties.put("natsaga.observability.metrics-poll-interval", "500ms");
    properties.put("management.endpoint.health.show-details", "always");
    properties.putAll(overrides);
    return new SpringApplicationBuilder(OrdersApplication.class).sources(extraConfiguration).web(WebApplicationType.NONE)
        .properties(properties).run();
  }
}
