package dev.natsaga.framework.codec;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes CloudEvents {@code time} values. Writing gives what
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} gives (seconds always, the fraction with as few digits
 * as it needs, {@code Z} for UTC), by hand for years 0–9999 and whole-minute offsets (the formatter was
 * 12 % of publishing), and through the formatter otherwise. Reading: the shape every producer writes,
 * {@code 2025-03-14T09:26:53.589Z} or with an offset {@code +01:00} and 0–9 fraction digits, is read
 * by hand (about ten times cheaper than {@link OffsetDateTime#parse}, which was a third of decoding
 * an event); anything else goes to {@link OffsetDateTime#parse}, so both accept and refuse the same
 * values.
 */
final class Rfc3339 {

  private Rfc3339() {
  }

  /** The timestamp; {@link DateTimeException} when it is not one. */
  static OffsetDateTime parse(String s) {
    OffsetDateTime fast = parseCommonShape(s);
    return fast != null ? fast : OffsetDateTime.parse(s);
  }

  /** The timestamp as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it. */
  static String format(OffsetDateTime time) {
    int year = time.getYear();
    int offsetSeconds = time.getOffset().getTotalSeconds();
    if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
    StringBuilder b = new StringBuilder(35);
    pad(b, year, 4).append('-');
    pad(b, time.getMonthValue(), 2).append('-');
    pad(b, time.getDayOfMonth(), 2).append('T');
    pad(b, time.getHour(), 2).append(':');
    pad(b, time.getMinute(), 2).append(':');
    pad(b, time.getSecond(), 2);
    fraction(b, time.getNano());
    if (offsetSeconds == 0) {
      return b.append('Z').toString();
    }
    int minutes = Math.abs(offsetSeconds) / 60;
    b.append(offsetSeconds < 0 ? '-' : '+');
    pad(b, minutes / 60, 2).append(':');
    return pad(b, minutes % 60, 2).toString();
  }

  private static void fraction(StringBuilder b, int nanos) {
    if (nanos == 0) {
      return;
    }
    int digits = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      digits--;
    }
    b.append('.');
    pad(b, nanos, digits);
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    for (int scale = pow10(width - 1); scale > 1 && value < scale; scale /= 10) {
      b.append('0');
    }
    return b.append(value);
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /** The common shape, or null to leave the value to the full parser. */
  private static OffsetDateTime parseCommonShape(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i++) - '0');
      }
      if (i == start || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = offset(s, i);
    return offset == null ? null : OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
  }

  private static ZoneOffset offset(String s, int i) {
    int n = s.length();
    if (n == i + 1 && s.charAt(i) == 'Z') {
      return ZoneOffset.UTC;
    }
    if (n != i + 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
      return null;
    }
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    if ((hours | minutes) < 0) {
      return null;
    }
    int sign = s.charAt(i) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
