package dev.natsaga.framework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which publish failures are retried: the ones a reconnect or a leader election cause, not a refusal. */
class NatsEventPublisherTransientTest {

  /** Found by ReaderStallRecoveryTest: CancellationException is an IllegalStateException and was judged by its message. */
  @Test
  void anAckFutureCancelledByAReconnectIsRetried() {
    assertThat(NatsEventPublisher.isTransient(
        new CancellationException("Future cancelled, response not registered in time, check connection status."))).isTrue();
  }

  @Test
  void timeoutsIoFailuresAndReconnectingAreRetried() {
    assertThat(NatsEventPublisher.isTransient(new TimeoutException("no ack"))).isTrue();
    assertThat(NatsEventPublisher.isTransient(new IOException("Timeout or no response waiting for NATS JetStream server"))).isTrue();
    assertThat(NatsEventPublisher.isTransient(new IllegalStateException("Connection is Reconnecting"))).isTrue();
  }

  @Test
  void otherIllegalStatesAreNot() {
    assertThat(NatsEventPublisher.isTransient(new IllegalStateException("Connection is Closed"))).isFalse();
    assertThat(NatsEventPublisher.isTransient(new IllegalArgumentException("Subject cannot be null"))).isFalse();
  }
}
