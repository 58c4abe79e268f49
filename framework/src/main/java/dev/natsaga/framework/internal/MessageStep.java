package dev.natsaga.framework.internal;

import io.nats.client.Message;

/**
 * One delivery's processing as a function: message in, {@link Outcome} out. The {@link MessageProcessor} is the
 * innermost step; metrics and tracing wrap it ({@link StepDecorator}), Watermill-style.
 */
@FunctionalInterface
public interface MessageStep {

  Outcome process(Message msg);
}
