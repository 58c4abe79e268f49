package dev.natsaga.framework.internal;

import dev.natsaga.framework.consume.HandlerInfo;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.nats.client.Message;
import java.time.Duration;

/**
 * Hands at most a given number of messages per second to a handler, across its handler threads in this instance: each
 * thread takes a permission from one resilience4j {@link RateLimiter} before processing and waits for it; the waiting
 * message is kept alive by the consumer's in-progress keeper like any buffered one. Up to 1,000 messages per second the
 * limiter hands out one permission every {@code 1/limit} seconds (no bursts); above, a whole number per millisecond.
 */
public final class RateLimitingStep implements MessageStep {

  private final RateLimiter limiter;
  private final MessageStep inner;

  public RateLimitingStep(HandlerInfo info, double messagesPerSecond, MessageStep inner) {
    this.inner = inner;
    boolean slow = messagesPerSecond <= 1000;
    this.limiter = RateLimiter.of(info.durableName(), RateLimiterConfig.custom()
        .limitRefreshPeriod(slow ? Duration.ofNanos(Math.round(1e9 / messagesPerSecond)) : Duration.ofMillis(1))
        .limitForPeriod(slow ? 1 : (int) Math.round(messagesPerSecond / 1000))
        .timeoutDuration(Duration.ofDays(1))
        .build());
  }

  @Override
  public Outcome process(Message msg) {
    limiter.acquirePermission();
    return inner.process(msg);
  }
}
