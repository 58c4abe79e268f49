package dev.natsaga.framework.observe.internal;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import io.opentelemetry.context.Scope;

/** Watches one publish: told when it starts, may make a context current while it is encoded, told how it ended. */
interface PublishObserver {

  Watch begin(OutgoingEvent<?> event, String subject);

  /** {@code outer} and {@code inner} together: the inner one's context is current, both are told the end. */
  static PublishObserver both(PublishObserver outer, PublishObserver inner) {
    return (event, subject) -> {
      Watch first = outer.begin(event, subject);
      Watch second = inner.begin(event, subject);
      return new Watch() {
        @Override
        public Scope enter() {
          return second.enter();
        }

        @Override
        public void end(PublishResult result, Throwable failure) {
          second.end(result, failure);
          first.end(result, failure);
        }
      };
    };
  }

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
