package dev.natsaga.saga.nats;

import dev.natsaga.framework.BatchHandler;
import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.saga.ReplyResult;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a batch of reply events to {@link SagaEngine#handleReplies} (one transaction of the saga store for all, a
 * failing one retried alone); a reply that cannot be correlated is dead-lettered alone, one the engine could not
 * record is redelivered alone. The framework acknowledges the others only after this returns, so after the commit.
 * Each reply is applied in its own message's context ({@link EventContext#open}): the engine's spans for it join the
 * reply's trace, as with single replies.
 */
final class BatchReplyHandler implements BatchHandler<CloudEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchReplyHandler.class);

  private final Supplier<SagaEngine> engine;

  BatchReplyHandler(Supplier<SagaEngine> engine) {
    this.engine = engine;
  }

  @Override
  public BatchResult handle(List<Event<CloudEvent>> events) {
    BatchResult.Builder result = BatchResult.builder();
    List<SagaReply> replies = new ArrayList<>(events.size());
    List<Event<CloudEvent>> of = new ArrayList<>(events.size());
    for (Event<CloudEvent> event : events) {
      try {
        replies.add(ReplyHandler.toReply(event.data()));
        of.add(event);
      } catch (NonRetryableException e) {
        result.failed(event, e);
      }
    }
    if (replies.isEmpty()) {
      return result.build();
    }
    Map<SagaReply, Event<CloudEvent>> eventOf = new IdentityHashMap<>();
    for (int i = 0; i < replies.size(); i++) {
      eventOf.put(replies.get(i), of.get(i));
    }
    List<ReplyResult> results = engine.get().handleReplies(replies, reply -> EventContext.open(eventOf.get(reply))::close);
    for (int i = 0; i < results.size(); i++) {
      ReplyResult r = results.get(i);
      if (r.failure() != null) {
        result.failed(of.get(i), r.failure());
      } else {
        LOG.debug("reply {} to saga {} step '{}': {}", of.get(i), r.reply().sagaId(), r.reply().step(), r.disposition());
      }
    }
    return result.build();
  }
}
