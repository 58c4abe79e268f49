package dev.natsaga.sample.booking;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.natsaga.framework.Json;
import dev.natsaga.outbox.Durability;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaNotFoundException;
import dev.natsaga.saga.SagaStep;
import dev.natsaga.saga.SagaTimeline;
import dev.natsaga.saga.SagaView;
import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.HttpResponse;
import dev.natsaga.sample.support.JsonHttpServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The booking service's HTTP API.
 * <ul>
 *   <li>{@code POST /bookings} {@code {"customerId","serviceId","slotId","startTime","endTime","amount","currency"}} →
 *       {@code 202 {"bookingId","sagaId","status":"PENDING"}}; a bad body → 400 naming the field, nothing started. The
 *       saga runs as the user the trusted gateway names in {@code X-Forwarded-User} ({@link GatewayUser}), else as
 *       unauthenticated.</li>
 *   <li>{@code GET /bookings/{bookingId}} → {@code {"bookingId","status","reason","sagaId","sagaStatus",...}}; unknown → 404.
 *       {@code status} is PENDING until the saga has finished, then CONFIRMED (payment captured) or CANCELLED.</li>
 *   <li>{@code GET /sagas/{sagaId}} → the saga's status, state and step log; unknown → 404.</li>
 *   <li>{@code GET /sagas/{sagaId}/outcome} → waits up to 30 s for the saga to settle ({@code SagaQueries.await}), then
 *       {@code {"sagaId","status","settled","failureReason","timeline"}}, the timeline rendered by {@code SagaTimeline}.</li>
 *   <li>{@code GET /health} (components as JSON, 503 unless all are UP) and {@code GET /metrics} come from {@code ServiceTelemetry}.</li>
 * </ul>
 */
final class BookingHttp {

  static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

  private final BookingService bookings;
  private final DataSource dataSource;

  BookingHttp(BookingService bookings, DataSource dataSource) {
    this.bookings = bookings;
    this.dataSource = dataSource;
  }

  JsonHttpServer routes(JsonHttpServer server) {
    return server
        .post("/bookings", req -> HttpResponse.accepted(accepted(bookDurably(BookingRequest.from(req.json()), GatewayUser.of(req)))))
        .get("/bookings/{bookingId}", req -> HttpResponse.ok(booking(req.path("bookingId"))))
        .get("/sagas/{sagaId}", req -> HttpResponse.ok(saga(req.path("sagaId"))))
        .get("/sagas/{sagaId}/outcome", req -> HttpResponse.ok(outcome(req.path("sagaId"))));
  }

  /** Books, then waits until the booking and its saga are durable: a 202 must survive a crash (group commit). */
  private BookingService.Accepted bookDurably(BookingRequest request, SagaActor actor) throws SQLException {
    BookingService.Accepted accepted = bookings.book(request, actor);
    Durability.of(dataSource).awaitDurable();
    return accepted;
  }

  private static Map<String, Object> accepted(BookingService.Accepted a) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bookingId", a.bookingId());
    body.put("sagaId", a.sagaId().toString());
    body.put("status", a.status().name());
    return body;
  }

  private Map<String, Object> booking(String bookingId) throws SQLException {
    Booking b = bookings.find(bookingId).orElseThrow(() -> HttpError.notFound("no booking " + bookingId));
    Optional<SagaView> saga = b.sagaId() == null ? Optional.empty() : bookings.saga(b.sagaId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bookingId", b.bookingId());
    body.put("status", b.reportedStatus().name());
    body.put("reason", b.settledAt() != null ? b.reason() : saga.map(SagaView::failureReason).orElse(null));
    body.put("sagaId", b.sagaId() == null ? null : b.sagaId().toString());
    body.put("sagaStatus", saga.map(i -> i.status().name()).orElse(null));
    body.put("customerId", b.customerId());
    body.put("serviceId", b.serviceId());
    body.put("slotId", b.slotId());
    body.put("startTime", ISO_OFFSET_DATE_TIME.format(b.startTime()));
    body.put("endTime", ISO_OFFSET_DATE_TIME.format(b.endTime()));
    body.put("amount", b.amount());
    body.put("currency", b.currency());
    body.put("createdAt", text(b.createdAt()));
    body.put("updatedAt", text(b.updatedAt()));
    body.put("settledAt", text(b.settledAt()));
    return body;
  }

  /** Waits up to {@link #OUTCOME_WAIT} for the saga to settle; answers its status and timeline either way. */
  private Map<String, Object> outcome(String id) throws InterruptedException {
    UUID sagaId = sagaId(id);
    SagaView view;
    boolean settled = true;
    try {
      view = bookings.awaitSaga(sagaId, OUTCOME_WAIT);
    } catch (SagaNotFoundException e) {
      throw HttpError.notFound("no saga " + id);
    } catch (TimeoutException e) {
      settled = false;
      view = bookings.saga(sagaId).orElseThrow(() -> HttpError.notFound("no saga " + id));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sagaId", id);
    body.put("status", view.status().name());
    body.put("settled", settled);
    body.put("failureReason", view.failureReason());
    body.put("timeline", SagaTimeline.render(view));
    return body;
  }

  private static UUID sagaId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw HttpError.notFound("no saga " + id + " (saga ids are UUIDs)");
    }
  }

  private Map<String, Object> saga(String id) {
    SagaView view = bookings.saga(sagaId(id)).orElseThrow(() -> HttpError.notFound("no saga " + id));
    SagaView i = view;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sagaId", i.id().toString());
    body.put("type", i.sagaType());
    body.put("version", i.definitionVersion());
    body.put("status", i.status().name());
    body.put("direction", i.direction().name());
    body.put("currentStep", i.stepName());
    body.put("failureReason", i.failureReason());
    body.put("bookingId", BookingSaga.bookingIdOf(i.callerKey()));
    body.put("state", state(i.stateJson()));
    body.put("createdAt", text(i.createdAt()));
    body.put("updatedAt", text(i.updatedAt()));
    body.put("authtype", i.startedBy() == null ? null : i.startedBy().type());
    body.put("authid", i.startedBy() == null ? null : i.startedBy().id());
    body.put("traceId", i.traceId());
    List<Map<String, Object>> steps = new ArrayList<>();
    view.steps().forEach(e -> steps.add(step(e)));
    body.put("steps", steps);
    return body;
  }

  private static Map<String, Object> step(SagaStep e) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("step", e.stepName());
    step.put("phase", e.phase().name());
    step.put("attempt", e.attempt());
    step.put("outcome", e.outcome().name());
    step.put("commandId", e.commandId() == null ? null : e.commandId().toString());
    step.put("replyType", e.replyType());
    step.put("error", e.error());
    step.put("startedAt", text(e.startedAt()));
    step.put("finishedAt", text(e.finishedAt()));
    return step;
  }

  /** The saga's state; a payment card in it (held until the payment is authorized) shows as its masked number only. */
  private static Object state(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode state = Json.mapper().readTree(json);
      if (state instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.get("card") instanceof com.fasterxml.jackson.databind.node.ObjectNode card) {
        String number = card.path("number").asText("");
        o.put("card", "**** " + number.substring(Math.max(0, number.length() - 4)));
      }
      return state;
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
