package dev.natsaga.framework.internal;

import io.nats.client.Message;
import java.util.function.Consumer;

/**
 * Told of each message a {@link DurableConsumer} receives, on the dispatcher thread before it is queued for a worker,
 * and again once its processing is over (handled, handed back or refused): lets per-message work start as a pull
 * arrives (pipelined idempotency claims) and be cleaned up whatever became of the message.
 */
public interface Arrivals {

  /** Nothing to do. */
  Arrivals NONE = of(msg -> { }, msg -> { });

  /** Arrivals told to {@code arrived} and settlements to {@code settled}. */
  static Arrivals of(Consumer<Message> arrived, Consumer<Message> settled) {
    return new Arrivals() {
      @Override
      public void arrived(Message msg) {
        arrived.accept(msg);
      }

      @Override
      public void settled(Message msg) {
        settled.accept(msg);
      }
    };
  }

  /** These arrivals, then {@code other}'s. */
  default Arrivals and(Arrivals other) {
    return of(msg -> {
      arrived(msg);
      other.arrived(msg);
    }, msg -> {
      settled(msg);
      other.settled(msg);
    });
  }

  /** The message arrived and is about to be queued. */
  void arrived(Message msg);

  /** The message's processing is over, whatever its outcome. */
  void settled(Message msg);
}
