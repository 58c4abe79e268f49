package dev.natsaga.security.policy;

import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;

/**
 * The framework's enforcer of the {@link Policy}: refuses a publish of a type this service may not publish (nothing is
 * sent), and dead-letters ({@code unauthorized-source}) an incoming event whose {@code source} may not produce its type.
 * nats-server enforces the same file through the accounts {@link AccountsGenerator} writes.
 *
 * <pre>{@code
 * Natsaga.builder(options).payloadStage(new PolicyStage(Policy.load(Path.of(settings.get("NATSAGA_POLICY"))), "payment-service"));
 * }</pre>
 */
public final class PolicyStage implements PayloadStage {

  private final Policy policy;
  private final String service;

  /** @param service this service's name (the framework's service name) */
  public PolicyStage(Policy policy, String service) {
    this.policy = policy;
    this.service = service;
    if (!policy.services().containsKey(service)) {
      throw new IllegalStateException(Policy.SETTING + ": the policy names no service '" + service + "' (it has "
          + policy.services().keySet() + "); fix: add services." + service + " with its publish and consume types");
    }
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    if (!policy.mayPublish(service, event.getType())) {
      throw new PayloadRefusedException(service + " may not publish " + event.getType() + " (authorization policy: services."
          + service + ".publish allows " + policy.services().get(service).publish() + ")");
    }
    return event;
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    String source = event.getSource() == null ? "" : event.getSource().toString();
    if (!policy.mayPublish(source, event.getType())) {
      throw new PayloadRejectedException(DeadLetterReason.UNAUTHORIZED_SOURCE, event.getType() + " event " + event.getId()
          + " comes from source '" + source + "', which the authorization policy does not allow to produce it");
    }
    return event;
  }
}
