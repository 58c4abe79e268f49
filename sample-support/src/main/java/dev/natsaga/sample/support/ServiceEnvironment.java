package dev.natsaga.sample.support;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What both samples do with their settings: environment variables overridden by system properties of the same
 * name, on top of the service's defaults, and H2 URLs made durable.
 *
 * <pre>{@code
 * Settings s = Settings.of(ServiceEnvironment.values("payment-service", Map.of()));
 * String url = ServiceEnvironment.durableH2(s.string("PAYMENT_DB_URL", DEFAULT_DB_URL));
 * }</pre>
 */
public final class ServiceEnvironment {

  static final int QUERY_CACHE = 64;

  private ServiceEnvironment() {
  }

  /**
   * Environment variables, overridden by system properties of the same name, on top of
   * {@code SERVICE_NAME=defaultServiceName}; {@code overrides} win over everything (tests). Blank values are ignored.
   */
  public static Map<String, String> values(String defaultServiceName, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("SERVICE_NAME", defaultServiceName);
    putNonBlank(values, System.getenv());
    System.getProperties().forEach((k, v) -> putNonBlank(values, Map.of(k.toString(), v.toString())));
    putNonBlank(values, overrides);
    return values;
  }

  private static void putNonBlank(Map<String, String> target, Map<String, String> source) {
    source.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        target.put(k, v);
      }
    });
  }

  /** The H2 adjustments below; other URLs are returned unchanged. */
  public static String durableH2(String url) {
    return h2CachesStatements(h2WritesEveryCommit(h2KeepsOpenOnExit(url)));
  }

  /**
   * H2 keeps the parsed form of only 8 statements per connection by default ({@code QUERY_CACHE_SIZE}); a saga service
   * runs a few dozen distinct statements on every pooled connection, so it parsed most of them again each time (7 % of
   * the booking service's CPU in the bench's saga profile). Unless the URL says otherwise, it keeps {@value #QUERY_CACHE}.
   */
  public static String h2CachesStatements(String url) {
    return withH2Option(url, "QUERY_CACHE_SIZE", Integer.toString(QUERY_CACHE));
  }

  /**
   * H2 writes a commit to its file only up to {@code WRITE_DELAY} later, so a process killed in between loses
   * transactions it had committed. Unless the URL sets a write delay, the samples write every commit when it returns
   * ({@code WRITE_DELAY=0}). A write delay with natsaga's group commit ({@code dev.natsaga.outbox.Durability}: one
   * {@code CHECKPOINT} before anything depending on the commits leaves the process) survives kill -9, but not a full
   * disk: in the reliability run's full-disk faults H2 lost a commit whose checkpoint had succeeded once a later write
   * failed (its command already relayed), while every commit written at once survived; the group commit saved about 5 %
   * of CPU per saga. Set {@code ;WRITE_DELAY=1000} in the URL to choose it anyway.
   */
  public static String h2WritesEveryCommit(String url) {
    return withH2Option(url, "WRITE_DELAY", "0");
  }

  /**
   * H2 closes its databases from its own JVM shutdown hook, racing the graceful shutdown (handlers in flight would find
   * the database gone); unless the URL says otherwise, the pool closes it instead.
   */
  public static String h2KeepsOpenOnExit(String url) {
    return withH2Option(url, "DB_CLOSE_ON_EXIT", "FALSE");
  }

  private static String withH2Option(String url, String option, String value) {
    return url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains(option) ? url + ";" + option + "=" + value : url;
  }
}
