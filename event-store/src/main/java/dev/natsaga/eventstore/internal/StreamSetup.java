package dev.natsaga.eventstore.internal;

import dev.natsaga.eventstore.EventStoreException;
import dev.natsaga.eventstore.EventStoreOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or adapts a domain's stream for event sourcing: messages kept forever, direct get, and atomic batch publish
 * where the server has it (2.12+). Remembers per stream whether atomic batches are allowed.
 */
final class StreamSetup {

  private static final Logger LOG = LoggerFactory.getLogger(StreamSetup.class);
  private static final int STREAM_NOT_FOUND = 10059;

  private final Connection connection;
  private final JetStreamManagement jsm;
  private final AggregateSubjects subjects;
  private final EventStoreOptions options;
  private final Map<String, Boolean> atomic = new ConcurrentHashMap<>();

  StreamSetup(Connection connection, JetStreamManagement jsm, AggregateSubjects subjects, EventStoreOptions options) {
    this.connection = connection;
    this.jsm = jsm;
    this.subjects = subjects;
    this.options = options;
  }

  boolean serverHasAtomicBatch() {
    return connection.getServerInfo().isSameOrNewerThanVersion("2.12.0");
  }

  void ensure(String domain) {
    String name = subjects.environment().streamName(domain);
    try {
      StreamInfo existing = find(name);
      boolean wantAtomic = serverHasAtomicBatch();
      if (existing == null) {
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects.environment().streamSubjects(domain))
            .storageType(options.storage()).replicas(options.replicas()).retentionPolicy(RetentionPolicy.Limits)
            .discardPolicy(DiscardPolicy.Old).maxAge(Duration.ZERO).duplicateWindow(Duration.ofMinutes(2))
            .allowDirect(true).allowAtomicPublish(wantAtomic).build());
        LOG.info("created event stream {} ({} replica(s), atomic batch {})", name, options.replicas(), wantAtomic);
      } else {
        adapt(name, existing.getConfiguration(), wantAtomic);
      }
      atomic.put(name, wantAtomic);
    } catch (IOException | JetStreamApiException e) {
      throw new EventStoreException("cannot set up event stream " + name + ": " + e.getMessage(), e);
    }
  }

  private void adapt(String name, StreamConfiguration config, boolean wantAtomic) throws IOException, JetStreamApiException {
    if (config.getMaxAge() != null && !config.getMaxAge().isZero() || config.getMaxMsgs() > 0 || config.getMaxBytes() > 0
        || config.getRetentionPolicy() != RetentionPolicy.Limits) {
      throw new EventStoreException("stream " + name + " would drop events (max age " + config.getMaxAge() + ", max msgs "
          + config.getMaxMsgs() + ", max bytes " + config.getMaxBytes() + ", retention " + config.getRetentionPolicy()
          + "): an event store keeps every event; create it with NATS_STREAM_MAX_AGE=0 and no limits, or let the event store create it");
    }
    if (!config.getAllowDirect() || wantAtomic && !config.getAllowAtomicPublish()) {
      jsm.updateStream(StreamConfiguration.builder(config).allowDirect(true).allowAtomicPublish(wantAtomic).build());
      LOG.info("event stream {}: direct get and atomic batch ({}) turned on", name, wantAtomic);
    }
  }

  /** Whether the stream of {@code streamName} takes atomic batches (looked up once). */
  boolean atomic(String streamName) {
    return atomic.computeIfAbsent(streamName, n -> {
      try {
        StreamInfo info = find(n);
        return info != null && info.getConfiguration().getAllowAtomicPublish();
      } catch (IOException | JetStreamApiException e) {
        throw new EventStoreException("cannot read stream " + n + ": " + e.getMessage(), e);
      }
    });
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
}
