package dev.natsaga.security.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.natsaga.framework.ContentMode;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.security.AuthContext;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records security outcomes as audit events on the stream {@code {ENV}_AUDIT} ({@code {env}.audit.>}): the data holds
 * {@code who} ({@code authtype}, {@code authid}: of the event being handled, else the service as {@code system}),
 * {@code what} (the event type and id concerned, the reason) and {@code at}; the event's {@code time} is when. No
 * payload value is ever recorded. An audit event that cannot be written is logged and does not change the outcome.
 *
 * <pre>{@code
 * AuditTrail audit = AuditTrail.create(connection, Environment.of("prod"), "payment-service", 3);
 * audit.record(AuditTrail.KEY_ROTATED, Map.of("keyId", "k2"));
 * }</pre>
 */
public final class AuditTrail {

  /** A publish a payload stage refused. */
  public static final EventType PUBLISH_REFUSED = EventType.parse("audit.publish.refused.v1");
  /** An incoming event dead-lettered because its source may not produce its type. */
  public static final EventType SOURCE_REJECTED = EventType.parse("audit.source.rejected.v1");
  /** An incoming event that did not decrypt (tampered, unknown key). */
  public static final EventType DECRYPTION_FAILED = EventType.parse("audit.decryption.failed.v1");
  /** A new newest key in the keyring. */
  public static final EventType KEY_ROTATED = EventType.parse("audit.key.rotated.v1");
  /** A data subject's key destroyed. */
  public static final EventType SUBJECT_FORGOTTEN = EventType.parse("audit.subject.forgotten.v1");
  private static final String DOMAIN = "audit";
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final Connection connection;
  private final Environment env;
  private final String service;
  private final CloudEventCodec codec = new CloudEventCodec();

  private AuditTrail(Connection connection, Environment env, String service) {
    this.connection = connection;
    this.env = env;
    this.service = service;
  }

  /** An audit trail of {@code service}, creating the stream {@code {ENV}_AUDIT} when it is missing. */
  public static AuditTrail create(Connection connection, Environment env, String service, int replicas)
      throws IOException, JetStreamApiException {
    String stream = env.streamName(DOMAIN);
    if (!connection.jetStreamManagement().getStreamNames().contains(stream)) {
      try {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream)
            .subjects(env.streamSubjects(DOMAIN)).storageType(StorageType.File).replicas(replicas).build());
      } catch (JetStreamApiException e) {
        if (!connection.jetStreamManagement().getStreamNames().contains(stream)) {
          throw e;
        }
      }
    }
    return new AuditTrail(connection, env, service);
  }

  /** Records {@code type} with {@code what} (no payload values), caused by whoever is handled on this thread. */
  public void record(EventType type, Map<String, String> what) {
    AuthContext who = AuthContext.current(service);
    ObjectNode data = Json.mapper().createObjectNode();
    data.putObject("who").put("authtype", who.type()).put("authid", who.id());
    ObjectNode details = data.putObject("what");
    what.forEach(details::put);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    data.put("at", now.toString());
    CloudEvent event = PayloadJson.withData(CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
        .withSource(URI.create(service)).withType(type.name()).withTime(now).build(), data.toString().getBytes(StandardCharsets.UTF_8));
    try {
      connection.jetStream().publish(codec.encode(env.subject(type), event, ContentMode.STRUCTURED));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.error("cannot write audit event {} {}: {}", type, what, e.toString());
    }
  }
}
