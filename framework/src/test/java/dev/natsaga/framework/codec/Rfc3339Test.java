package dev.natsaga.framework.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written fast paths read exactly what {@link OffsetDateTime#parse} reads, refuse what it refuses, and
 * write what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes.
 */
class Rfc3339Test {

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-03-14T09:26:53Z", "2025-03-14T09:26:53.5Z", "2025-03-14T09:26:53.589Z", "2025-03-14T09:26:53.123456789Z",
      "2025-12-31T23:59:00.123456789-05:30", "2024-02-29T00:00:00+14:00", "0001-01-01T00:00:00-18:00",
      "2025-03-14t09:26:53z", "2025-03-14T09:26Z", "2025-03-14T09:26:53.1234567891Z", "2025-01-01T00:00:00.Z"})
  void readsWhatTheJdkReads(String value) {
    OffsetDateTime expected = jdk(value);

    if (expected == null) {
      assertThatThrownBy(() -> Rfc3339.parse(value)).isInstanceOf(DateTimeException.class);
    } else {
      assertThat(Rfc3339.parse(value)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z",
      "2025-01-01T23:59:60Z", "2025-01-01T00:00:00+19:00", "2025-01-01T00:00:00",
      "2025-01-01 00:00:00Z", "2025-01-01T00:00:00+0100", "yesterday", "+2025-01-01T00:00:00Z", "2025-0a-01T00:00:00Z"})
  void refusesWhatTheJdkRefuses(String value) {
    assertThat(jdk(value)).isNull();
    assertThatThrownBy(() -> Rfc3339.parse(value)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void writesWhatIsoOffsetDateTimeWrites() {
    Random random = new Random(42);
    List<OffsetDateTime> times = new ArrayList<>(List.of(
        OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 0, ZoneOffset.UTC),
        OffsetDateTime.of(2025, 3, 14, 9, 26, 0, 500_000_000, ZoneOffset.UTC),
        OffsetDateTime.of(1, 1, 1, 0, 0, 0, 5, ZoneOffset.ofHoursMinutes(-5, -30)),
        OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.ofHours(14)),
        OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
        OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(3601)),
        OffsetDateTime.now(ZoneOffset.UTC)));
    for (int i = 0; i < 10_000; i++) {
      times.add(OffsetDateTime.of(random.nextInt(9999) + 1, random.nextInt(12) + 1, random.nextInt(28) + 1, random.nextInt(24),
          random.nextInt(60), random.nextInt(60), random.nextBoolean() ? random.nextInt(1_000_000_000) : random.nextInt(1000) * 1_000_000,
          ZoneOffset.ofTotalSeconds((random.nextInt(57) - 28) * 30 * 60)));
    }
    for (OffsetDateTime t : times) {
      assertThat(Rfc3339.format(t)).as("%s", t).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
      assertThat(Rfc3339.parse(Rfc3339.format(t))).isEqualTo(t);
    }
  }

  private static OffsetDateTime jdk(String value) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
