package dev.natsaga.schema;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * The claim-check pattern on the JetStream object store: an outgoing event whose data is over a threshold has its data
 * stored as an object in the bucket {@code {ENV}_CLAIMS} (named by the event id) and carries a small reference instead
 * (extension {@code claimcheck}); a consumer with the stage reads the data back before its handler binds it, so the
 * handler sees the full payload. The bucket's TTL is the stream's retention (pass the stream's max age), so a stored
 * payload expires with the events that refer to it; an event whose object is gone is dead-lettered as
 * {@code claim-check-missing}. A store that cannot be reached fails the publish, or redelivers the consumed event later.
 *
 * <pre>{@code
 * ClaimCheck claims = ClaimCheck.create(connection, env, 64 * 1024, options.streams().maxAge());
 * Natsaga.builder(options).payloadStage(validation).payloadStage(claims).payloadStage(budget);
 * }</pre>
 */
public final class ClaimCheck implements PayloadStage {

  /** The extension that marks an event whose data is in the object store; its value is the object's name. */
  public static final String EXTENSION = "claimcheck";

  private final ObjectStore store;
  private final String bucket;
  private final int threshold;

  private ClaimCheck(ObjectStore store, String bucket, int threshold) {
    this.store = store;
    this.bucket = bucket;
    this.threshold = threshold;
  }

  /**
   * Opens (or creates) the environment's claim bucket.
   *
   * @param threshold data larger than this many bytes is stored aside
   * @param ttl how long a stored payload lives: the stream's max age
   */
  public static ClaimCheck create(Connection connection, Environment env, int threshold, Duration ttl)
      throws IOException, JetStreamApiException {
    String bucket = env.dlqStreamName().replace("_DLQ", "_CLAIMS");
    if (!connection.objectStoreManagement().getBucketNames().contains(bucket)) {
      try {
        connection.objectStoreManagement().create(ObjectStoreConfiguration.builder(bucket).ttl(ttl).storageType(StorageType.File).build());
      } catch (JetStreamApiException e) {
        if (!connection.objectStoreManagement().getBucketNames().contains(bucket)) {
          throw e;
        }
      }
    }
    return new ClaimCheck(connection.objectStore(bucket), bucket, threshold);
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    byte[] data = PayloadJson.bytes(event);
    if (data == null || data.length <= threshold || event.getExtension(EXTENSION) != null) {
      return event;
    }
    String name = event.getId();
    try {
      store.put(name, data);
    } catch (IOException | JetStreamApiException | NoSuchAlgorithmException e) {
      throw new dev.natsaga.framework.PublishException("publish of " + event.getType() + " failed: cannot store its "
          + data.length + "-byte data in the object store " + bucket + ": " + e, e);
    }
    String reference = "{\"claimcheck\":{\"bucket\":\"" + bucket + "\",\"object\":\"" + name + "\",\"size\":" + data.length + "}}";
    return CloudEventBuilder.v1(PayloadJson.withData(event, reference.getBytes(StandardCharsets.UTF_8)))
        .withExtension(EXTENSION, name).build();
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    Object name = event.getExtension(EXTENSION);
    if (name == null) {
      return event;
    }
    try {
      ObjectInfo info = store.getInfo(name.toString());
      if (info == null || info.isDeleted()) {
        throw new PayloadRejectedException(DeadLetterReason.CLAIM_CHECK_MISSING, "the data of " + event.getType() + "/"
            + event.getId() + " is no longer in the object store " + bucket + " (object '" + name + "' expired or deleted)");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) info.getSize());
      store.get(name.toString(), out);
      return CloudEventBuilder.v1(PayloadJson.withData(event, out.toByteArray())).withoutExtension(EXTENSION).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read claim-checked data '" + name + "' from " + bucket, e);
    } catch (JetStreamApiException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read claim-checked data '" + name + "' from " + bucket + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading claim-checked data '" + name + "'", e);
    }
  }
}
