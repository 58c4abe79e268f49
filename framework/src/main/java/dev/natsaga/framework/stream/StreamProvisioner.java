package dev.natsaga.framework.stream;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.config.StreamOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the streams of an environment idempotently: one per domain ({@code {ENV}_{DOMAIN}} on
 * {@code {env}.{domain}.>}) and the dead-letter stream ({@code {ENV}_DLQ} on {@code {env}.dlq.>}).
 * An existing stream that matches is left alone; one that differs is reported with every difference
 * ({@link StreamConflictException}) and never changed.
 *
 * <pre>{@code
 * StreamProvisioner streams = new StreamProvisioner(connection.jetStreamManagement(), env, options.streams(), options.deadLetterStream());
 * streams.ensureDomain("booking");
 * streams.ensureDeadLetters();
 * }</pre>
 */
public final class StreamProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProvisioner.class);
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int STREAM_NAME_IN_USE = 10058;

  private final JetStreamManagement jsm;
  private final Environment environment;
  private final StreamOptions domainOptions;
  private final StreamOptions deadLetterOptions;

  public StreamProvisioner(JetStreamManagement jsm, Environment environment, StreamOptions domainOptions,
      StreamOptions deadLetterOptions) {
    this.jsm = jsm;
    this.environment = environment;
    this.domainOptions = domainOptions;
    this.deadLetterOptions = deadLetterOptions;
  }

  /** The configuration natsaga wants for a domain's stream. */
  public StreamConfiguration domainStream(String domain) {
    return configuration(environment.streamName(domain), environment.streamSubjects(domain), domainOptions);
  }

  /** The configuration natsaga wants for the dead-letter stream. */
  public StreamConfiguration deadLetterStream() {
    return configuration(environment.dlqStreamName(), environment.dlqStreamSubjects(), deadLetterOptions);
  }

  /** Ensures a domain's stream exists as configured; returns its info. */
  public StreamInfo ensureDomain(String domain) throws IOException, JetStreamApiException {
    return ensure(domainStream(domain));
  }

  /** Ensures the dead-letter stream exists as configured. */
  public StreamInfo ensureDeadLetters() throws IOException, JetStreamApiException {
    return ensure(deadLetterStream());
  }

  /** Ensures {@code wanted} exists: creates it, or checks that the existing one matches. */
  public StreamInfo ensure(StreamConfiguration wanted) throws IOException, JetStreamApiException {
    StreamInfo existing = find(wanted.getName());
    if (existing == null) {
      try {
        StreamInfo created = jsm.addStream(wanted);
        LOG.info("created stream {} on {} ({} replica(s), {})", wanted.getName(), wanted.getSubjects(),
            wanted.getReplicas(), wanted.getStorageType());
        return created;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
          throw e;
        }
        existing = find(wanted.getName());
      }
    }
    List<String> differences = differences(existing.getConfiguration(), wanted);
    if (!differences.isEmpty()) {
      throw new StreamConflictException(wanted.getName(), differences);
    }
    return existing;
  }

  /**
   * What {@link #ensure} would find, without changing anything: empty when the stream does not exist, else every
   * field that differs from {@code wanted} (an empty list when it is in line). The {@code natsaga streams diff}
   * command prints it.
   */
  public java.util.Optional<List<String>> compare(StreamConfiguration wanted) throws IOException, JetStreamApiException {
    StreamInfo existing = find(wanted.getName());
    return existing == null ? java.util.Optional.empty() : java.util.Optional.of(differences(existing.getConfiguration(), wanted));
  }

  private StreamInfo find(String name) throws IOException, JetStreamApiException {
    try {
      return jsm.getStreamInfo(name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static StreamConfiguration configuration(String name, String subjects, StreamOptions o) {
    return StreamConfiguration.builder()
        .name(name)
        .subjects(subjects)
        .storageType(o.storage())
        .replicas(o.replicas())
        .retentionPolicy(RetentionPolicy.Limits)
        .discardPolicy(DiscardPolicy.Old)
        .maxAge(o.maxAge())
        .maxBytes(o.maxBytes())
        .duplicateWindow(o.duplicateWindow())
        .build();
  }

  /** Every field natsaga sets that differs, as {@code field: existing X, wanted Y}. */
  static List<String> differences(StreamConfiguration existing, StreamConfiguration wanted) {
    List<String> diffs = new ArrayList<>();
    compare(diffs, "subjects", existing.getSubjects(), wanted.getSubjects());
    compare(diffs, "storage", existing.getStorageType(), wanted.getStorageType());
    compare(diffs, "replicas", existing.getReplicas(), wanted.getReplicas());
    compare(diffs, "retention", existing.getRetentionPolicy(), wanted.getRetentionPolicy());
    compare(diffs, "max_age", zeroIfNull(existing.getMaxAge()), zeroIfNull(wanted.getMaxAge()));
    compare(diffs, "max_bytes", existing.getMaxBytes(), wanted.getMaxBytes());
    compare(diffs, "duplicate_window", zeroIfNull(existing.getDuplicateWindow()), zeroIfNull(wanted.getDuplicateWindow()));
    return diffs;
  }

  private static Duration zeroIfNull(Duration d) {
    return d == null ? Duration.ZERO : d;
  }

  private static void compare(List<String> diffs, String field, Object existing, Object wanted) {
    if (!Objects.equals(existing, wanted)) {
      diffs.add(field + ": existing " + existing + ", wanted " + wanted);
    }
  }
}
