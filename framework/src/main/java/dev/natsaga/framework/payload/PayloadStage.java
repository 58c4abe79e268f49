package dev.natsaga.framework.payload;

import dev.natsaga.framework.consume.HandlerInfo;
import io.cloudevents.CloudEvent;

/**
 * One step of the {@link PayloadPipeline}: checks or transforms an event at the service's boundary. Both methods
 * default to passing the event through, so a stage implements only the side it cares about.
 *
 * <p>Outgoing: called on every publish (and request-reply) with the complete CloudEvent the publisher built, before it
 * is encoded; throw {@link PayloadRefusedException} to refuse the publish (nothing is sent), or return a changed event
 * (e.g. with encrypted fields, or the data replaced by a claim-check reference). Incoming: called on every delivery with
 * the decoded CloudEvent, before the type check and the binding to the handler's payload class; throw
 * {@link PayloadRejectedException} to dead-letter the message with a reason, any other exception to have it redelivered
 * later (a dependency that is down), or return a changed event (decrypted, read back from a claim-check, upcast to the
 * handler's version: an event whose type becomes the handler's passes the type check).
 *
 * <pre>{@code
 * PayloadStage noSecrets = new PayloadStage() {
 *   @Override public CloudEvent outgoing(CloudEvent event) {
 *     if (new String(PayloadJson.bytes(event), UTF_8).contains("\"password\"")) {
 *       throw new PayloadRefusedException(event.getType() + ": $.password must not be published (rule: no-secrets)");
 *     }
 *     return event;
 *   }
 * };
 * Natsaga.builder(options).payloadStage(noSecrets);
 * }</pre>
 */
public interface PayloadStage {

  /** Checks or transforms an outgoing event; throws {@link PayloadRefusedException} to refuse it. */
  default CloudEvent outgoing(CloudEvent event) {
    return event;
  }

  /**
   * Checks or transforms an incoming event for {@code handler}.
   *
   * @throws PayloadRejectedException to dead-letter the message with the exception's reason and message
   */
  default CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    return event;
  }

  /**
   * Masks what this stage knows to be sensitive (e.g. the personal data of the event being handled on this thread) in
   * a text the framework is about to log or write as a dead letter's error: a binding error quoting a value, a
   * handler's exception message.
   */
  default String redact(String text) {
    return text;
  }
}
