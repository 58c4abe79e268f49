/**
 * The booking sample: {@code POST /bookings} starts the booking saga, which reserves the slot (local), authorizes the
 * payment at the payment service (remote), confirms the booking (local) and captures the payment (remote), each
 * step with its compensation. When the saga finishes, the booking's outcome (CONFIRMED or CANCELLED with a reason)
 * and its event ({@code booking.appointment.confirmed.v1} / {@code cancelled.v1}) commit together.
 *
 * <pre>{@code
 * java -jar sample-booking/target/natsaga-sample-booking.jar     # NATS_URL, APP_ENV, HTTP_PORT, BOOKING_DB_URL, ...
 * curl -X POST localhost:8080/bookings -d '{"customerId":"c-1","serviceId":"haircut","slotId":"chair-1@2026-12-01T10:00",
 *     "startTime":"2026-12-01T10:00:00Z","endTime":"2026-12-01T10:30:00Z","amount":4500,"currency":"EUR"}'
 * }</pre>
 */
package dev.natsaga.sample.booking;
