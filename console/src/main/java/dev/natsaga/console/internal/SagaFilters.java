package dev.natsaga.console.internal;

import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.jdbc.SagaSearch;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** Reads the saga list's filter from request parameters; a bad value is a 400 naming the parameter. */
final class SagaFilters {

  private SagaFilters() {
  }

  static SagaSearch.Filter from(Exchange x) {
    return new SagaSearch.Filter(x.param("type").orElse(null), status(x.param("status")), time(x, "from"), time(x, "to"),
        x.param("q").orElse(null));
  }

  static SagaSearch.Cursor cursor(Exchange x) {
    try {
      return x.param("after").map(SagaSearch.Cursor::parse).orElse(null);
    } catch (IllegalArgumentException e) {
      throw HttpFailure.badRequest("parameter 'after': " + e.getMessage());
    }
  }

  static SagaStatus status(Optional<String> raw) {
    try {
      return raw.map(s -> SagaStatus.valueOf(s.toUpperCase(Locale.ROOT))).orElse(null);
    } catch (IllegalArgumentException e) {
      throw HttpFailure.badRequest("parameter 'status' is '" + raw.get() + "'; use one of RUNNING, COMPLETED, COMPENSATING,"
          + " COMPENSATED, COMPENSATION_FAILED");
    }
  }

  /** {@code 2026-12-01T10:00} (a browser's datetime-local, read as UTC) or an ISO instant {@code 2026-12-01T10:00:00Z}. */
  static Instant time(Exchange x, String name) {
    Optional<String> raw = x.param(name);
    if (raw.isEmpty()) {
      return null;
    }
    try {
      String v = raw.get();
      return v.endsWith("Z") ? Instant.parse(v) : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw HttpFailure.badRequest("parameter '" + name + "' is '" + raw.get() + "'; use a UTC time like 2026-12-01T10:00");
    }
  }
}
