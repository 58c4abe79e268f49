package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.framework.observe.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams and consumers, and the JSON the live charts poll ({@code /api/stats}). */
final class StreamPages {

  private final ConsoleContext context;

  StreamPages(ConsoleContext context) {
    this.context = context;
  }

  void routes(Router r) {
    r.get("/streams", Route.Access.READ, (x, m) -> page(x));
    r.get("/api/stats", Route.Access.READ, (x, m) -> x.json(200, JsonText.write(stats())));
  }

  private List<StreamStats.Stream> streams() throws Exception {
    return StreamStats.of(context.natsaga().connection().jetStreamManagement(), StreamStats.prefix(context.environment()));
  }

  private void page(Exchange x) throws Exception {
    StringBuilder body = new StringBuilder("<section class=\"charts\">"
        + "<figure><figcaption>Messages stored per second (all streams)</figcaption>"
        + "<canvas id=\"chart-throughput\" width=\"560\" height=\"160\"></canvas></figure>"
        + "<figure><figcaption>Failures: dead letters per second" + (context.meterRegistry() == null ? ""
        : ", handler retries per second") + "</figcaption>"
        + "<canvas id=\"chart-failures\" width=\"560\" height=\"160\"></canvas></figure></section>");
    body.append("<table id=\"streams\"><thead><tr><th>Stream</th><th>Subjects</th><th>Messages</th><th>Bytes</th>"
        + "<th>First</th><th>Last</th></tr></thead><tbody>");
    List<StreamStats.Stream> streams = streams();
    for (StreamStats.Stream s : streams) {
      body.append("<tr data-stream=\"").append(esc(s.name())).append("\"><td>").append(esc(s.name())).append("</td><td>")
          .append(esc(String.join(" ", s.subjects()))).append("</td><td>").append(s.messages()).append("</td><td>")
          .append(s.bytes()).append("</td><td>").append(s.firstSeq()).append("</td><td>").append(s.lastSeq()).append("</td></tr>");
    }
    body.append("</tbody></table><h2>Consumers</h2><table id=\"consumers\"><thead><tr><th>Stream</th><th>Consumer</th>"
        + "<th>Pending (lag)</th><th>Ack pending</th><th>Redelivered</th><th>Waiting</th><th>Last delivered</th></tr></thead><tbody>");
    for (StreamStats.Stream s : streams) {
      for (StreamStats.Consumer c : s.consumers()) {
        body.append("<tr data-consumer=\"").append(esc(c.name())).append("\"><td>").append(esc(s.name())).append("</td><td>")
            .append(esc(c.name())).append("</td><td>").append(c.pending()).append("</td><td>").append(c.ackPending())
            .append("</td><td>").append(c.redelivered()).append("</td><td>").append(c.waiting()).append("</td><td>")
            .append(c.delivered()).append("</td></tr>");
      }
    }
    x.html(200, Html.page("Streams and consumers", x.session(), body.append("</tbody></table>").toString()));
  }

  /** Monotonic counters; the page's script turns two samples into rates. */
  private Map<String, Object> stats() throws Exception {
    long stored = 0;
    long deadLetters = 0;
    for (StreamStats.Stream s : streams()) {
      if (s.name().equals(context.environment().dlqStreamName())) {
        deadLetters = s.lastSeq();
      } else {
        stored += s.lastSeq();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", Instant.now().toEpochMilli());
    out.put("stored", stored);
    out.put("deadLettered", deadLetters);
    MeterRegistry registry = context.meterRegistry();
    if (registry != null) {
      out.put("retried", registry.find(MetricNames.EVENTS_CONSUMED).tag("outcome", "retried").counters().stream()
          .mapToDouble(Counter::count).sum());
      out.put("consumed", registry.find(MetricNames.EVENTS_CONSUMED).counters().stream().mapToDouble(Counter::count).sum());
    }
    return out;
  }
}
