package dev.natsaga.security.audit;

import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * Wraps a payload stage (the policy, the PII guard, encryption) and records what it refuses in the {@link AuditTrail}:
 * a refused publish, an unauthorized source, a decryption failure. The outcome itself is unchanged.
 *
 * <pre>{@code
 * Natsaga.builder(options).payloadStage(new AuditedStage(new PolicyStage(policy, service), audit));
 * }</pre>
 */
public final class AuditedStage implements PayloadStage {

  private final PayloadStage inner;
  private final AuditTrail audit;

  public AuditedStage(PayloadStage inner, AuditTrail audit) {
    this.inner = inner;
    this.audit = audit;
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    try {
      return inner.outgoing(event);
    } catch (PayloadRefusedException e) {
      audit.record(AuditTrail.PUBLISH_REFUSED, Map.of("type", event.getType(), "eventId", event.getId(), "reason", e.getMessage()));
      throw e;
    }
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    try {
      return inner.incoming(event, handler);
    } catch (PayloadRejectedException e) {
      if (e.reason() == DeadLetterReason.UNAUTHORIZED_SOURCE) {
        audit.record(AuditTrail.SOURCE_REJECTED, what(event, handler, e));
      } else if (e.reason() == DeadLetterReason.DECRYPTION_FAILED || e.reason() == DeadLetterReason.UNKNOWN_KEY) {
        audit.record(AuditTrail.DECRYPTION_FAILED, what(event, handler, e));
      }
      throw e;
    }
  }

  private static Map<String, String> what(CloudEvent event, HandlerInfo handler, PayloadRejectedException e) {
    return Map.of("type", event.getType(), "eventId", event.getId(), "source", String.valueOf(event.getSource()),
        "consumer", handler.durableName(), "reason", e.reason().header(), "error", e.getMessage());
  }

  @Override
  public String redact(String text) {
    return inner.redact(text);
  }
}
