package dev.natsaga.framework.payload;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;

/**
 * Reading and replacing an event's data in a {@link PayloadStage}, whatever form the framework holds it in (a Java
 * object not yet serialized, a slice of the received message, bytes).
 *
 * <pre>{@code
 * byte[] json = PayloadJson.bytes(event);             // the data as JSON bytes, or null without data
 * return PayloadJson.withData(event, encrypt(json)); // the same event with other JSON data
 * }</pre>
 */
public final class PayloadJson {

  private static final String JSON = "application/json";

  private PayloadJson() {
  }

  /** The event's data as bytes (JSON for JSON events; serialized now for an outgoing Java object), or null. */
  public static byte[] bytes(CloudEvent event) {
    CloudEventData data = event.getData();
    return data == null ? null : data.toBytes();
  }

  /** A copy of {@code event} with {@code json} (one JSON value) as its data. */
  public static CloudEvent withData(CloudEvent event, byte[] json) {
    return CloudEventBuilder.v1(event).withData(JSON, BytesCloudEventData.wrap(json)).build();
  }

  /** A copy of {@code event} with another type and {@code json} as its data (an upcast). */
  public static CloudEvent withTypeAndData(CloudEvent event, String type, byte[] json) {
    return CloudEventBuilder.v1(event).withType(type).withData(JSON, BytesCloudEventData.wrap(json)).build();
  }
}
