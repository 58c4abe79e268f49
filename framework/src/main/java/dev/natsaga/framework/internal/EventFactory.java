package dev.natsaga.framework.internal;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.Extensions;
import dev.natsaga.framework.OutgoingEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Turns an {@link OutgoingEvent} into a complete CloudEvent: id, source, time, content type, and the
 * correlation inherited from the event handled on this thread.
 */
public final class EventFactory {

  private static final String JSON = "application/json";
  private final URI source;
  private final PayloadCodec payloads;

  public EventFactory(String serviceName, PayloadCodec payloads) {
    this.source = URI.create(serviceName);
    this.payloads = payloads;
  }

  public CloudEvent create(OutgoingEvent<?> outgoing) {
    CloudEventBuilder b = CloudEventBuilder.v1()
        .withId(outgoing.id())
        .withSource(source)
        .withType(outgoing.type().name())
        .withTime(OffsetDateTime.now(ZoneOffset.UTC));
    if (outgoing.subject() != null) {
      b.withSubject(outgoing.subject());
    }
    CloudEventData data = payloads.toData(outgoing.data());
    if (data != null) {
      b.withData(JSON, data);
    } else {
      b.withDataContentType(JSON);
    }
    correlate(b, outgoing, EventContext.current());
    for (Map.Entry<String, String> e : outgoing.extensions().entrySet()) {
      b.withExtension(e.getKey(), e.getValue());
    }
    return b.build();
  }

  private static void correlate(CloudEventBuilder b, OutgoingEvent<?> outgoing, Event<?> cause) {
    if (cause == null) {
      b.withExtension(Extensions.CORRELATION_ID, outgoing.id());
      return;
    }
    String correlation = cause.correlationId() != null ? cause.correlationId() : cause.id();
    b.withExtension(Extensions.CORRELATION_ID, correlation);
    b.withExtension(Extensions.CAUSATION_ID, cause.id());
    copy(b, cause, Extensions.TRACEPARENT);
    copy(b, cause, Extensions.TRACESTATE);
  }

  private static void copy(CloudEventBuilder b, Event<?> cause, String name) {
    String value = cause.extension(name);
    if (value != null) {
      b.withExtension(name, value);
    }
  }
}
