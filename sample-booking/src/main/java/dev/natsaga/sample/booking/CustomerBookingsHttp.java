package dev.natsaga.sample.booking;

import dev.natsaga.eventstore.ProjectionLag;
import dev.natsaga.sample.support.HttpResponse;
import dev.natsaga.sample.support.JsonHttpServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The customer projection's HTTP routes.
 * <ul>
 *   <li>{@code GET /customers/{customerId}/bookings} → {@code {"customerId","bookings":[{"bookingId","status","reason",
 *       "serviceId","slotId","startTime","amount","currency","settledAt"}],"lag":{...}}} (an unknown customer has none).</li>
 *   <li>{@code POST /projections/customer-bookings/rebuild} → {@code 202}: empties the read model and replays the stream.</li>
 * </ul>
 */
final class CustomerBookingsHttp {

  private final CustomerBookings projection;

  CustomerBookingsHttp(CustomerBookings projection) {
    this.projection = projection;
  }

  JsonHttpServer routes(JsonHttpServer server) {
    return server
        .get("/customers/{customerId}/bookings", req -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("customerId", req.path("customerId"));
          body.put("bookings", projection.of(req.path("customerId")));
          body.put("lag", lag(projection.projector().lag()));
          return HttpResponse.ok(body);
        })
        .post("/projections/customer-bookings/rebuild", req -> {
          projection.rebuild();
          return HttpResponse.accepted(Map.of("projection", CustomerBookings.NAME, "status", "REBUILDING"));
        });
  }

  private static Map<String, Object> lag(ProjectionLag lag) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("checkpoint", lag.checkpoint());
    body.put("lastSequence", lag.lastSequence());
    body.put("pending", lag.pending());
    return body;
  }
}
