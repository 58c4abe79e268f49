package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import dev.natsaga.test.nats.NatsServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * Both samples as separate processes with metrics and tracing on (OTEL_TRACES_EXPORTER=logging): after three
 * bookings (two confirmed, one declined) {@code /metrics} of both counts them; every metric the Grafana dashboard
 * and the alert rules query is exported; one booking is one trace across both services; {@code /health} names its
 * components and answers 503 naming {@code nats} within 10 s of the nats-server stopping.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityEndToEndTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern METRIC = Pattern.compile("\\b((?:natsaga|hikaricp|jvm)_[a-z_]+)");
  private static SampleServices services;
  private static List<Http.Response> booked;

  @BeforeAll
  static void startAndBook() throws Exception {
    Map<String, String> common = Map.of("NATS_URL", NATS.url(), "APP_ENV", "obs", "OTEL_TRACES_EXPORTER", "logging",
        "NATS_METRICS_POLL_INTERVAL", "300ms", "HEALTH_CHECK_INTERVAL", "1s", "NATS_HEALTH_TIMEOUT", "1s");
    services = SampleServices.start("observability", common, Map.of(), Map.of(), Duration.ofSeconds(60));
    booked = List.of(services.bookings.book(Bookings.slot(), 4_500), services.bookings.book(Bookings.slot(), 5_500),
        services.bookings.book(Bookings.slot(), 250_000));
    for (Http.Response b : booked) {
      services.bookings.outcome(b.text("bookingId"), Duration.ofSeconds(30));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (services != null) {
      services.close();
    }
  }

  @Test
  @Order(1)
  void metricsCountTheBookingsInBothServices() throws Exception {
    String sagaType = "saga_type=\"booking.create\"";
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      String booking = metrics(services.booking);
      assertThat(value(booking, "natsaga_sagas_started_total", sagaType)).isEqualTo(3);
      assertThat(value(booking, "natsaga_sagas_completed_total", sagaType)).isEqualTo(2);
      assertThat(value(booking, "natsaga_sagas_compensated_total", sagaType)).isEqualTo(1);
      assertThat(value(booking, "natsaga_sagas", sagaType, "status=\"COMPLETED\"")).isEqualTo(2);
      assertThat(value(booking, "natsaga_sagas", sagaType, "status=\"COMPENSATED\"")).isEqualTo(1);
    });
    String booking = metrics(services.booking);
    assertThat(value(booking, "natsaga_sagas_compensation_failed_total", sagaType)).isZero();
    assertThat(value(booking, "natsaga_saga_duration_seconds_count", sagaType, "status=\"COMPLETED\"")).isEqualTo(2);
    assertThat(value(booking, "natsaga_events_published_total", "type=\"payment.transaction.authorize.v1\"", "outcome=\"ok\""))
        .isEqualTo(3);
    assertThat(value(booking, "natsaga_events_consumed_total", "type=\"payment.transaction.authorized.v1\"", "outcome=\"acked\""))
        .isEqualTo(2);
    assertThat(value(booking, "natsaga_events_consumed_total", "type=\"payment.transaction.declined.v1\"", "outcome=\"acked\""))
        .isEqualTo(1);
    assertThat(value(booking, "natsaga_outbox_backlog")).isZero();
    assertThat(value(booking, "natsaga_connection_state")).isEqualTo(1);
    assertThat(booking).contains("hikaricp_connections_active{").contains("jvm_memory_used_bytes{");

    String payment = metrics(services.payment);
    assertThat(value(payment, "natsaga_events_consumed_total", "type=\"payment.transaction.authorize.v1\"", "outcome=\"acked\""))
        .isEqualTo(3);
    assertThat(value(payment, "natsaga_events_published_total", "type=\"payment.transaction.authorized.v1\"", "outcome=\"ok\""))
        .isEqualTo(2);
    assertThat(value(payment, "natsaga_events_published_total", "type=\"payment.transaction.declined.v1\"", "outcome=\"ok\""))
        .isEqualTo(1);
    assertThat(payment).contains("natsaga_event_processing_duration_seconds_bucket{").contains("hikaricp_connections_active{");
  }

  @Test
  @Order(2)
  void everyMetricOfTheDashboardAndTheAlertRulesIsExportedAndTheRulesAreComplete() throws Exception {
    Path root = RepoNatsConfig.dir().getParent().resolve("observability");
    String exported = metrics(services.booking) + "\n" + metrics(services.payment);
    Set<String> queried = new TreeSet<>();
    JsonNode dashboard = Json.mapper().readTree(root.resolve("grafana/natsaga-dashboard.json").toFile());
    dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queried.addAll(metricNames(t.get("expr").asText()))));
    Map<String, Object> rules = new Yaml().load(Files.readString(root.resolve("prometheus/natsaga-alerts.yml")));
    List<Map<String, Object>> groups = cast(rules.get("groups"));
    assertThat(groups).isNotEmpty();
    int count = 0;
    for (Map<String, Object> group : groups) {
      for (Map<String, Object> rule : this.<List<Map<String, Object>>>cast(group.get("rules"))) {
        assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
        assertThat(this.<Map<String, Object>>cast(rule.get("labels"))).containsKey("severity");
        assertThat(this.<Map<String, Object>>cast(rule.get("annotations"))).containsKey("summary");
        Set<String> names = metricNames((String) rule.get("expr"));
        assertThat(names).as("rule %s queries a natsaga metric", rule.get("alert")).isNotEmpty();
        queried.addAll(names);
        count++;
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(5);
    assertThat(queried).hasSizeGreaterThan(15);
    for (String name : queried) {
      assertThat(exported).as("metric %s queried by the dashboard or rules", name).containsPattern("(?m)^" + name + "[{ ]");
    }
  }

  @Test
  @Order(3)
  void oneBookingIsOneTraceAcrossBothServices() {
    String sagaId = booked.get(0).text("sagaId");
    String traceId = await().atMost(Duration.ofSeconds(10)).until(() -> traceOf(services.booking.log(), sagaId), t -> t != null);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(services.payment.log()).as("the payment service handled the authorize command in the booking's trace")
          .containsPattern("'process obs\\.payment\\.transaction\\.authorize\\.v1' : " + traceId + " ");
      assertThat(services.booking.log()).as("the booking service handled the reply in the same trace")
          .containsPattern("'process obs\\.payment\\.transaction\\.authorized\\.v1' : " + traceId + " ")
          .containsPattern("'booking\\.create execute capture-payment' : " + traceId + " ");
    });
  }

  @Test
  @Order(4)
  void healthNamesItsComponentsAndIs503NamingNatsWithin10sOfTheServerStopping() throws Exception {
    HttpResponse<String> up = get(services.booking.url("/health"));
    assertThat(up.statusCode()).isEqualTo(200);
    JsonNode components = Json.mapper().readTree(up.body()).get("components");
    assertThat(components.fieldNames()).toIterable().contains("nats", "jetstream", "database", "outbox");
    assertThat(components.get("nats").get("roundTripMs").asDouble()).isGreaterThanOrEqualTo(0);

    NATS.server().stop();
    try {
      long stopped = System.nanoTime();
      HttpResponse<String> down = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
          .until(() -> get(services.payment.url("/health")), r -> r.statusCode() == 503);
      assertThat((System.nanoTime() - stopped) / 1_000_000).isLessThan(10_000);
      assertThat(Json.mapper().readTree(down.body()).get("failing").toString()).contains("nats");
    } finally {
      NATS.server().restart();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> get(services.booking.url("/health")).statusCode() == 200);
  }

  /** The trace id of the booking saga's start span in the logging exporter's output. */
  private static String traceOf(String log, String sagaId) {
    Matcher m = Pattern.compile("'start booking\\.create' : ([0-9a-f]{32}) [^\\n]*natsaga\\.saga\\.id=" + sagaId).matcher(log);
    return m.find() ? m.group(1) : null;
  }

  private static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private <T> T cast(Object o) {
    return (T) o;
  }

  private static String metrics(ServiceProcess service) throws Exception {
    HttpResponse<String> r = get(service.url("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
  private static double value(String text, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(text);
    Double found = null;
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= l.contains(label);
      }
      if (all) {
        assertThat(found).as("one sample of %s with %s", name, List.of(labels)).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("a sample of %s with %s", name, List.of(labels)).isNotNull();
    return found;
  }
}
