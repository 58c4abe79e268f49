package dev.natsaga.saga;

/**
 * Opened around the application of each reply of a batch ({@link SagaEngine#handleReplies(java.util.List, ReplyScope)}),
 * e.g. to make the reply message's trace context and correlation current, so the engine's spans and log lines for that
 * reply join its trace as with a single reply.
 *
 * <pre>{@code
 * engine.handleReplies(replies, reply -> EventContext.open(eventOf.get(reply))::close);
 * }</pre>
 */
@FunctionalInterface
public interface ReplyScope {

  /** Nothing opened. */
  ReplyScope NONE = reply -> () -> { };

  /** @return what to close once {@code reply} is applied (or failed) */
  Opened open(SagaReply reply);

  /** An opened scope; closing it does not throw. */
  @FunctionalInterface
  interface Opened extends AutoCloseable {
    @Override
    void close();
  }
}
