package dev.natsaga.sample.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON HTTP server on the JDK's {@code HttpServer}: routes by method and path pattern, JSON
 * bodies both ways, and every error as {@code {"error": "..."}} — 400 for a bad body, 404 for an
 * unknown route or resource, 405 for a wrong method, 413 for a body over the limit, 500 otherwise.
 *
 * <pre>{@code
 * JsonHttpServer http = new JsonHttpServer(8080)
 *     .get("/bookings/{bookingId}", req -> HttpResponse.ok(bookings.find(req.path("bookingId"))))
 *     .post("/bookings", req -> HttpResponse.accepted(service.create(req.json())));
 * http.start();
 * }</pre>
 */
public final class JsonHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);
  /** Request bodies above this are refused with 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /**
   * An oversized body is read and dropped up to this many bytes before the 413 goes out: closing the exchange with
   * unread bytes resets the connection, and a client still sending would never see the 413.
   */
  static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

  private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final int port;
  private final List<Route> routes = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  public JsonHttpServer(int port) {
    this.port = port;
  }

  public JsonHttpServer get(String pattern, Route.Handler handler) {
    routes.add(new Route("GET", pattern, handler));
    return this;
  }

  public JsonHttpServer post(String pattern, Route.Handler handler) {
    routes.add(new Route("POST", pattern, handler));
    return this;
  }

  /** Binds 0.0.0.0:port and starts serving. */
  public JsonHttpServer start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 64);
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    LOG.info("HTTP listening on port {}", port());
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server == null ? port : server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    HttpResponse response;
    try {
      response = route(exchange);
    } catch (HttpError e) {
      response = new HttpResponse(e.status(), Map.of("error", e.getMessage()));
    } catch (Exception e) {
      LOG.error("HTTP {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString(), e);
      response = new HttpResponse(500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
    }
    write(exchange, response);
  }

  private HttpResponse route(HttpExchange exchange) throws Exception {
    String path = exchange.getRequestURI().getPath();
    boolean pathKnown = false;
    for (Route r : routes) {
      Map<String, String> vars = r.match(path);
      if (vars == null) {
        continue;
      }
      pathKnown = true;
      if (r.method().equals(exchange.getRequestMethod())) {
        return r.handler().handle(new HttpRequest(vars, readBody(exchange.getRequestBody()), exchange.getRequestHeaders()::getFirst));
      }
    }
    if (pathKnown) {
      throw new HttpError(405, "method " + exchange.getRequestMethod() + " is not allowed on " + path);
    }
    throw HttpError.notFound("no route for " + exchange.getRequestMethod() + " " + path);
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      drain(in);
      throw new HttpError(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    return body;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long left = MAX_DRAIN_BYTES;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
      left -= n;
    }
  }

  private void write(HttpExchange exchange, HttpResponse response) throws IOException {
    boolean text = response.body() instanceof HttpResponse.Text;
    byte[] bytes = text ? ((HttpResponse.Text) response.body()).content().getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : mapper.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("Content-Type", text ? ((HttpResponse.Text) response.body()).contentType() : "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(1);
      executor.shutdown();
    }
  }
}
