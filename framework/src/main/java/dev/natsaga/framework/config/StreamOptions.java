package dev.natsaga.framework.config;

import io.nats.client.api.StorageType;
import java.time.Duration;

/**
 * How provisioned streams are configured. Domain streams and the dead-letter stream each get one.
 *
 * @param storage file (default) or memory ({@code NATS_STREAM_STORAGE})
 * @param replicas 1 to 5 ({@code NATS_STREAM_REPLICAS}, default 1; 3 in a cluster)
 * @param maxAge how long messages are kept, zero = forever ({@code NATS_STREAM_MAX_AGE}, default 7d)
 * @param maxBytes size limit in bytes, -1 = none ({@code NATS_STREAM_MAX_BYTES})
 * @param duplicateWindow the {@code Nats-Msg-Id} de-duplication window ({@code NATS_STREAM_DUPLICATE_WINDOW}, default 2m)
 */
public record StreamOptions(StorageType storage, int replicas, Duration maxAge, long maxBytes, Duration duplicateWindow) {

  public StreamOptions {
    if (replicas < 1 || replicas > 5) {
      throw new ConfigException("NATS_STREAM_REPLICAS", String.valueOf(replicas), "must be between 1 and 5");
    }
    if (maxBytes < -1 || maxBytes == 0) {
      throw new ConfigException("NATS_STREAM_MAX_BYTES", String.valueOf(maxBytes), "must be -1 (no limit) or positive");
    }
    if (duplicateWindow.isZero() || (!maxAge.isZero() && duplicateWindow.compareTo(maxAge) > 0)) {
      throw new ConfigException("NATS_STREAM_DUPLICATE_WINDOW", duplicateWindow.toString(), "must be positive and not longer than the max age");
    }
  }

  /** File storage, one replica, 7 days, no size limit, 2-minute duplicate window. */
  public static StreamOptions defaults() {
    return new StreamOptions(StorageType.File, 1, Duration.ofDays(7), -1, Duration.ofMinutes(2));
  }

  /** Reads the {@code NATS_STREAM_*} settings; the dead-letter stream uses {@code NATS_DLQ_MAX_AGE} (default 30d). */
  public static StreamOptions from(Settings s, boolean deadLetters) {
    StorageType storage = s.enumValue("NATS_STREAM_STORAGE", StorageKind.class, StorageKind.FILE) == StorageKind.FILE
        ? StorageType.File : StorageType.Memory;
    Duration maxAge = deadLetters ? s.duration("NATS_DLQ_MAX_AGE", Duration.ofDays(30))
        : s.duration("NATS_STREAM_MAX_AGE", Duration.ofDays(7));
    return new StreamOptions(storage, s.integer("NATS_STREAM_REPLICAS", 1, 1, 5), maxAge,
        s.number("NATS_STREAM_MAX_BYTES", -1, -1, Long.MAX_VALUE),
        s.duration("NATS_STREAM_DUPLICATE_WINDOW", Duration.ofMinutes(2)));
  }

  /** Same options with another replica count. */
  public StreamOptions withReplicas(int count) {
    return new StreamOptions(storage, count, maxAge, maxBytes, duplicateWindow);
  }

  /** Same options with another storage type. */
  public StreamOptions withStorage(StorageType type) {
    return new StreamOptions(type, replicas, maxAge, maxBytes, duplicateWindow);
  }

  /** Same options with another max age. */
  public StreamOptions withMaxAge(Duration age) {
    return new StreamOptions(storage, replicas, age, maxBytes, duplicateWindow);
  }

  private enum StorageKind { FILE, MEMORY }
}
