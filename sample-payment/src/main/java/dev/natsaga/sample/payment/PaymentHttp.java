package dev.natsaga.sample.payment;

import dev.natsaga.sample.support.Health;
import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.HttpResponse;
import dev.natsaga.sample.support.JsonHttpServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The payment service's HTTP API.
 * <ul>
 *   <li>{@code GET /payments/{bookingId}} → {@code 200 {"bookingId","status","amount","currency","reason","updatedAt"}}, unknown → 404</li>
 *   <li>{@code GET /health} → 200 when NATS and the database are reachable, else 503; both with
 *       {@code {"status","service","nats","database"}}</li>
 * </ul>
 */
final class PaymentHttp {

  private final DataSource dataSource;
  private final BooleanSupplier natsHealthy;
  private final String serviceName;

  PaymentHttp(DataSource dataSource, BooleanSupplier natsHealthy, String serviceName) {
    this.dataSource = dataSource;
    this.natsHealthy = natsHealthy;
    this.serviceName = serviceName;
  }

  JsonHttpServer routes(JsonHttpServer server) {
    return server
        .get("/payments/{bookingId}", req -> HttpResponse.ok(payment(req.path("bookingId"))))
        .get("/health", req -> Health.response(serviceName, natsHealthy, dataSource));
  }

  private Map<String, Object> payment(String bookingId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Payment p = PaymentStore.find(c, bookingId)
          .orElseThrow(() -> HttpError.notFound("no payment for booking " + bookingId));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("bookingId", p.bookingId());
      body.put("status", p.status().name());
      body.put("amount", p.amount());
      body.put("currency", p.currency());
      body.put("reason", p.reason());
      body.put("updatedAt", p.updatedAt().toString());
      return body;
    }
  }
}
