package dev.natsaga.framework.internal;

import dev.natsaga.framework.consume.HandlerInfo;

/** Wraps a {@link MessageStep} with one concern (metrics, tracing) for one handler's consumer. */
@FunctionalInterface
public interface StepDecorator {

  MessageStep wrap(HandlerInfo info, MessageStep next);
}
