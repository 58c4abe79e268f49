package dev.natsaga.framework.codec;

import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.observe.TraceInjector;
import dev.natsaga.framework.payload.PayloadPipeline;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Turns an {@link OutgoingEvent} into a complete CloudEvent: id, source, time, content type, and the
 * correlation inherited from the event handled on this thread; then the outgoing side of the payload pipeline.
 */
public final class EventFactory {

  private static final String JSON = "application/json";
  private final URI source;
  private final PayloadCodec payloads;
  private final TraceInjector trace;
  private final PayloadPipeline pipeline;

  public EventFactory(String serviceName, PayloadCodec payloads) {
    this(serviceName, payloads, TraceInjector.NONE);
  }

  public EventFactory(String serviceName, PayloadCodec payloads, TraceInjector trace) {
    this(serviceName, payloads, trace, PayloadPipeline.NONE);
  }

  /**
   * @param trace writes the current trace context into the {@code traceparent}/{@code tracestate} extensions (the
   *     event's starting trace); without tracing the handled event's extensions are inherited instead
   * @param pipeline the outgoing side of the payload stages, run on every event built (it may refuse one)
   */
  public EventFactory(String serviceName, PayloadCodec payloads, TraceInjector trace, PayloadPipeline pipeline) {
    this.source = URI.create(serviceName);
    this.payloads = payloads;
    this.trace = trace;
    this.pipeline = pipeline;
  }

  public CloudEvent create(OutgoingEvent<?> outgoing) {
    CloudEventBuilder b = CloudEventBuilder.v1()
        .withId(outgoing.id())
        .withSource(source)
        .withType(outgoing.type().name())
        .withTime(outgoing.time() != null ? outgoing.time() : OffsetDateTime.now(ZoneOffset.UTC));
    if (outgoing.subject() != null) {
      b.withSubject(outgoing.subject());
    }
    CloudEventData data = payloads.toData(outgoing.data());
    if (data != null) {
      b.withData(JSON, data);
    } else {
      b.withDataContentType(JSON);
    }
    EventContext.inheritedExtensions(outgoing.id()).forEach(b::withExtension);
    trace.inject(b::withExtension);
    outgoing.extensions().forEach(b::withExtension);
    return pipeline.outgoing(b.build());
  }
}
