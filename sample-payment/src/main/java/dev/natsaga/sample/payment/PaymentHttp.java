package dev.natsaga.sample.payment;

import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.HttpResponse;
import dev.natsaga.sample.support.JsonHttpServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The payment service's HTTP API.
 * <ul>
 *   <li>{@code GET /payments/{bookingId}} → {@code 200 {"bookingId","status","amount","currency","reason","updatedAt"}}, unknown → 404</li>
 *   <li>{@code GET /health} and {@code GET /metrics} come from {@code ServiceTelemetry}</li>
 * </ul>
 */
final class PaymentHttp {

  private final DataSource dataSource;

  PaymentHttp(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  JsonHttpServer routes(JsonHttpServer server) {
    return server
        .get("/payments/{bookingId}", req -> HttpResponse.ok(payment(req.path("bookingId"))));
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
      if (p.cardMasked() != null) {
        body.put("card", p.cardMasked());
      }
      body.put("reason", p.reason());
      body.put("updatedAt", p.updatedAt().toString());
      return body;
    }
  }
}
