package dev.natsaga.framework.internal;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventHandler;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.config.Backoff;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For handlers ordered by key: a failure is retried right here, on the key's lane, instead of by a delayed
 * redelivery that later events of the same key would overtake. After {@code maxDeliver} attempts the event is
 * dead-lettered ({@link NonRetryableException}) and the key's next events go on.
 */
public final class InPlaceRetryMiddleware {

  private static final Logger LOG = LoggerFactory.getLogger(InPlaceRetryMiddleware.class);

  private final ConsumerOptions options;
  private final Backoff backoff;

  public InPlaceRetryMiddleware(ConsumerOptions options) {
    this.options = options;
    this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
  }

  public EventHandler<Object> wrap(HandlerInfo info, EventHandler<Object> next) {
    return event -> {
      for (int attempt = 1; ; attempt++) {
        try {
          next.handle(event);
          return;
        } catch (NonRetryableException e) {
          throw e;
        } catch (Exception e) {
          if (attempt >= options.maxDeliver()) {
            throw new NonRetryableException("failed " + attempt + " times in order (max " + options.maxDeliver() + "): " + e, e);
          }
          pause(info, event, attempt, e);
        }
      }
    };
  }

  private void pause(HandlerInfo info, Event<Object> event, int attempt, Exception e) throws InterruptedException {
    Duration delay = backoff.delay(attempt);
    LOG.warn("ordered handler {} failed on {} (attempt {}/{}), retrying in place in {} ms: {}", info.durableName(), event,
        attempt, options.maxDeliver(), delay.toMillis(), e.toString());
    Thread.sleep(delay.toMillis());
  }
}
