package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import io.opentelemetry.context.Scope;

/** Watches one publish: told when it starts, may make a context current while it is encoded, told how it ended. */
interface PublishObserver {

  Watch begin(OutgoingEvent<?> event, String subject);

  /** One publish being watched. */
  @FunctionalInterface
  interface Watch {

    /** Made current while the event is encoded and sent (a span's context). */
    default Scope enter() {
      return Scope.noop();
    }

    /** The result, or the failure (exactly one is null). */
    void end(PublishResult result, Throwable failure);
  }
}
