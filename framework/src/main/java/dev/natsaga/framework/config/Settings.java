package dev.natsaga.framework.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads named settings: a JVM system property of the exact name wins over an environment variable of
 * the same name ({@code -DNATS_URL=...} over {@code NATS_URL=...}). Every parse error is a
 * {@link ConfigException} that names the setting.
 *
 * <pre>{@code
 * Settings s = Settings.fromEnvironment();
 * int pool = s.integer("SAGA_DB_POOL_SIZE", 10, 1, 200);
 * }</pre>
 */
public final class Settings {

  private final Function<String, String> source;

  private Settings(Function<String, String> source) {
    this.source = source;
  }

  /** System properties, then environment variables. */
  public static Settings fromEnvironment() {
    return new Settings(name -> {
      String value = System.getProperty(name);
      return value != null ? value : System.getenv(name);
    });
  }

  /** A fixed map (tests, or settings loaded from elsewhere). */
  public static Settings of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Settings(copy::get);
  }

  /** The raw value, absent when unset or blank. */
  public Optional<String> get(String name) {
    String value = source.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  public int integer(String name, int defaultValue, int min, int max) {
    return (int) number(name, defaultValue, min, max);
  }

  public long number(String name, long defaultValue, long min, long max) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value < min || value > max) {
        throw new ConfigException(name, raw.get(), "must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, raw.get(), "must be a whole number between " + min + " and " + max);
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(name, raw.get(), "must be true or false");
    };
  }

  /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
  public Duration duration(String name, Duration defaultValue) {
    Optional<String> raw = get(name);
    return raw.isEmpty() ? defaultValue : parseDuration(name, raw.get());
  }

  /** Parses a duration in the formats {@link #duration} accepts. */
  public static Duration parseDuration(String name, String raw) {
    try {
      if (raw.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
        return nonNegative(name, raw, Duration.parse(raw));
      }
      String digits = raw.replaceAll("[a-z]+$", "");
      long n = Long.parseLong(digits);
      Duration d = switch (raw.substring(digits.length())) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
      return nonNegative(name, raw, d);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ConfigException(name, raw, "must be a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
    }
  }

  private static Duration nonNegative(String name, String raw, Duration d) {
    if (d.isNegative()) {
      throw new ConfigException(name, raw, "must not be negative");
    }
    return d;
  }

  /** One of the enum's constants, case-insensitive. */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw.get())) {
        return constant;
      }
    }
    throw new ConfigException(name, raw.get(), "must be one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
  }
}
