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
 * The hand-written parser reads RFC 3339 date-times (what {@link OffsetDateTime#parse} reads of them) and refuses
 * what RFC 3339 forbids even where the JDK accepts it; the writer writes what
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes wherever that is RFC 3339.
 */
class Rfc3339Test {

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-03-14T09:26:53Z", "2025-03-14T09:26:53.5Z", "2025-03-14T09:26:53.589Z", "2025-03-14T09:26:53.123456789Z",
      "2025-12-31T23:59:00.123456789-05:30", "2024-02-29T00:00:00+14:00", "0001-01-01T00:00:00-18:00",
      "2025-03-14t09:26:53z"})
  void readsWhatTheJdkReads(String value) {
    assertThat(Rfc3339.parse(value)).isEqualTo(jdk(value));
  }

  /** RFC 3339 §5.6: {@code time-second} is required, a fraction has digits, {@code time-numoffset} is hours and minutes only. */
  @ParameterizedTest
  @ValueSource(strings = {"2025-03-14T09:26Z", "2025-03-14T09:26+01:00", "2025-03-14T09:26:53+01:00:30", "2025-03-14T09:26:53.5-05:30:15",
      "2025-01-01T00:00:00.Z"})
  void refusesWhatTheJdkAcceptsButRfc3339Forbids(String value) {
    assertThat(jdk(value)).as("the JDK reads it").isNotNull();
    assertThatThrownBy(() -> Rfc3339.parse(value)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void readsAFractionFinerThanNanosecondsCutToNanoseconds() {
    assertThat(Rfc3339.parse("2025-03-14T09:26:53.1234567891Z"))
        .isEqualTo(OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 123_456_789, ZoneOffset.UTC));
  }

  @Test
  void readsMinusZeroOffsetAsUtc() {
    assertThat(Rfc3339.parse("2025-03-14T09:26:53-00:00")).isEqualTo(OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 0, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z",
      "2025-01-01T23:59:60Z", "2025-01-01T00:00:00+19:00", "2025-01-01T00:00:00",
      "2025-01-01 00:00:00Z", "2025-01-01T00:00:00+0100", "yesterday", "+2025-01-01T00:00:00Z", "2025-0a-01T00:00:00Z",
      "2025-01-01T00:00:00Z ", "2025-01-01T00:00:00+01:0"})
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

  @Test
  void writesATimeWhoseOffsetHasSecondsAsTheSameInstantInUtc() {
    OffsetDateTime time = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(3601));

    assertThat(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time)).as("not RFC 3339").isEqualTo("2025-01-01T00:00:00+01:00:01");
    assertThat(Rfc3339.format(time)).isEqualTo("2024-12-31T22:59:59Z");
    assertThat(Rfc3339.parse(Rfc3339.format(time)).toInstant()).isEqualTo(time.toInstant());
  }

  @Test
  void refusesToWriteAYearRfc3339CannotHold() {
    assertThatThrownBy(() -> Rfc3339.format(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'time'").hasMessageContaining("0000-9999");
  }

  private static OffsetDateTime jdk(String value) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
