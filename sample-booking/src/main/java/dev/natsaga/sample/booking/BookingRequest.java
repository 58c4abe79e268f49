package dev.natsaga.sample.booking;

import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.JsonBody;
import java.time.OffsetDateTime;

/**
 * A validated {@code POST /bookings} body; every problem is a 400 naming the field.
 *
 * @param customerId who books
 * @param serviceId  what is booked
 * @param slotId     the slot
 * @param startTime  RFC 3339 start
 * @param endTime    RFC 3339 end, after the start
 * @param amount     positive integer, minor units
 * @param currency   ISO 4217 code
 */
record BookingRequest(String customerId, String serviceId, String slotId, OffsetDateTime startTime, OffsetDateTime endTime,
                      long amount, String currency) {

  static BookingRequest from(JsonBody body) {
    String customerId = body.text("customerId");
    String serviceId = body.text("serviceId");
    String slotId = body.text("slotId");
    OffsetDateTime start = body.timestamp("startTime");
    OffsetDateTime end = body.timestamp("endTime");
    if (!end.isAfter(start)) {
      throw HttpError.badRequest("field 'endTime' must be after 'startTime'");
    }
    long amount = body.positiveLong("amount");
    String currency = body.currency("currency");
    return new BookingRequest(customerId, serviceId, slotId, start, end, amount, currency);
  }
}
