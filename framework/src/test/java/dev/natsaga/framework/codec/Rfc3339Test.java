package dev.natsaga.framework.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written fast path reads exactly what {@link OffsetDateTime#parse} reads, and refuses what it refuses. */
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

  private static OffsetDateTime jdk(String value) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
