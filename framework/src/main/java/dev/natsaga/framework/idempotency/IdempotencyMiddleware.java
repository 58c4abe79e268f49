package dev.natsaga.framework.idempotency;

import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.internal.SkippedDuplicates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler at most once per event id and consumer: claims the id, runs the handler, marks it
 * done; a failure releases the claim so the redelivery can try again. The done mark is sent without
 * waiting for it ({@link IdempotencyStore#completeAsync}) and the message is acknowledged after it on
 * the same connection: if the mark is lost, the claim stays until it is stale, the same window as a
 * crash between the handler and the mark. A duplicate is acknowledged
 * without running the handler; a copy being handled by another instance is redelivered later.
 */
public final class IdempotencyMiddleware implements Middleware {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyMiddleware.class);
  private final IdempotencyStore store;
  private final PipelinedClaims claims;

  /** Claims each id when its handler starts. */
  public IdempotencyMiddleware(IdempotencyStore store) {
    this(store, null);
  }

  /** Takes the claims that {@code claims} sent as the messages arrived (null: claim when the handler starts). */
  public IdempotencyMiddleware(IdempotencyStore store, PipelinedClaims claims) {
    this.store = store;
    this.claims = claims;
  }

  @Override
  public EventHandler<Object> wrap(HandlerInfo info, EventHandler<Object> next) {
    String consumer = info.durableName();
    return event -> {
      switch (claims != null ? claims.claim(event.id()) : store.claim(consumer, event.id())) {
        case DONE -> {
          LOG.info("skipped duplicate {} in {} [correlationid={}]", event, consumer, event.correlationId());
          SkippedDuplicates.mark();
          return;
        }
        case IN_PROGRESS -> throw new RetryLaterException("event " + event.id() + " is being handled by another instance of " + consumer);
        default -> { }
      }
      try {
        next.handle(event);
      } catch (Exception | Error e) {
        store.release(consumer, event.id());
        throw e;
      }
      store.completeAsync(consumer, event.id()).whenComplete((done, e) -> {
        if (e != null) {
          LOG.warn("handled {} in {} but could not mark it done ({}); a copy published again is handled again once the claim is stale"
              + " [correlationid={}]", event, consumer, e.toString(), event.correlationId());
        }
      });
    };
  }
}
