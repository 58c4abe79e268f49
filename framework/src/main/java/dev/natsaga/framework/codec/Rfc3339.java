package dev.natsaga.framework.codec;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads and writes CloudEvents {@code time} values as RFC 3339 §5.6 {@code date-time} (what the CloudEvents
 * type system requires), by hand: {@link OffsetDateTime#parse} accepts values RFC 3339 forbids (no seconds,
 * an offset with seconds) and was a third of decoding an event; the formatter was 12 % of publishing.
 *
 * <p>Read: {@code YYYY-MM-DD} {@code T} {@code hh:mm:ss}, an optional fraction of one or more digits, then
 * {@code Z} or {@code ±hh:mm}; {@code t} and {@code z} in lower case too (RFC 3339 §5.6 note). Fractions finer
 * than a nanosecond are cut to nanoseconds; a leap second ({@code :60}) and offsets beyond ±18:00 are refused,
 * as Java cannot hold them. Written: seconds always, the fraction with as few digits as it needs, {@code Z}
 * for UTC; a time whose offset has seconds (which RFC 3339 cannot write) is written as the same instant in
 * UTC; a year outside 0000–9999 cannot be written at all.
 */
final class Rfc3339 {

  private Rfc3339() {
  }

  /** The timestamp; {@link DateTimeException} when it is not an RFC 3339 date-time. */
  static OffsetDateTime parse(String s) {
    OffsetDateTime time = parseOrNull(s);
    if (time == null) {
      throw new DateTimeException("not an RFC 3339 date-time: '" + s + "'");
    }
    return time;
  }

  /** The timestamp in RFC 3339; {@link IllegalArgumentException} for a year RFC 3339 cannot write. */
  static String format(OffsetDateTime value) {
    OffsetDateTime time = value.getOffset().getTotalSeconds() % 60 == 0 ? value : value.withOffsetSameInstant(ZoneOffset.UTC);
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("attribute 'time' " + value + " has a year outside 0000-9999, which RFC 3339 cannot write");
    }
    int offsetSeconds = time.getOffset().getTotalSeconds();
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

  /** The date-time, or null when the text is not one (a field out of range throws {@link DateTimeException}). */
  private static OffsetDateTime parseOrNull(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
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
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      if (i == start) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = i < n ? offset(s, i) : null;
    return offset == null ? null : OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
  }

  private static ZoneOffset offset(String s, int i) {
    int n = s.length();
    if (n == i + 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return ZoneOffset.UTC;
    }
    if (n != i + 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
      return null;
    }
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    if ((hours | minutes) < 0 || hours > 23 || minutes > 59) {
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
