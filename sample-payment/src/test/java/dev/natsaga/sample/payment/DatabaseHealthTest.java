package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import dev.natsaga.test.nats.NatsServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payment service on PostgreSQL whose database stops taking connections (new ones refused, the pool's killed):
 * {@code /health} answers 503 naming {@code database} within 10 s, and 200 again once the database is back.
 */
@Timeout(120)
class DatabaseHealthTest {

  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void healthIs503NamingTheDatabaseWithin10sOfItStoppingAndRecovers() throws Exception {
    String db = "natsaga_h_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + db);
    try (PaymentApplication payment = PaymentApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", "dbh",
        "HTTP_PORT", "0", "PAYMENT_DB_URL", PG + db, "PAYMENT_DB_USER", "postgres", "HEALTH_CHECK_INTERVAL", "1s"))) {
      assertThat(health(payment).statusCode()).isEqualTo(200);

      admin("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS false");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
      long stopped = System.nanoTime();
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> health(payment).statusCode() == 503);
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(10));
      JsonNode body = Json.mapper().readTree(health(payment).body());
      assertThat(body.get("failing").toString()).contains("database");
      assertThat(body.get("components").get("database").get("status").asText()).isEqualTo("DOWN");

      admin("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS true");
      await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
          .until(() -> health(payment).statusCode() == 200);
    } finally {
      admin("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS true");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
      admin("DROP DATABASE IF EXISTS " + db);
    }
  }

  private static HttpResponse<String> health(PaymentApplication payment) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + payment.httpPort() + "/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(PG + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
