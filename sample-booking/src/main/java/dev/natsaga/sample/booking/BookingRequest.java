package dev.natsaga.sample.booking;

import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.JsonBody;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

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
 * @param card       the optional payment card {@code {"number","holder","expiry"}}, null when the body has none
 */
record BookingRequest(String customerId, String serviceId, String slotId, OffsetDateTime startTime, OffsetDateTime endTime,
                      long amount, String currency, PaymentContract.Card card) {

  private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/[0-9]{2}");

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
    PaymentContract.Card card = body.optionalObject("card").map(BookingRequest::card).orElse(null);
    return new BookingRequest(customerId, serviceId, slotId, start, end, amount, currency, card);
  }

  /** A card: the number may contain spaces or hyphens between digits; problems name {@code card.<field>}. */
  private static PaymentContract.Card card(JsonBody card) {
    String number = card.text("number").replaceAll("[ -]", "");
    if (!number.matches("[0-9]{12,19}") || !luhn(number)) {
      throw HttpError.badRequest("field 'card.number' must be a card number of 12 to 19 digits with a valid check digit");
    }
    String holder = card.text("holder");
    String expiry = card.text("expiry");
    if (!EXPIRY.matcher(expiry).matches()) {
      throw HttpError.badRequest("field 'card.expiry' must be MM/YY, e.g. 09/29");
    }
    return new PaymentContract.Card(number, holder, expiry);
  }

  /** The Luhn check (ISO/IEC 7812): catches a mistyped digit or two swapped ones. */
  static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }
}
