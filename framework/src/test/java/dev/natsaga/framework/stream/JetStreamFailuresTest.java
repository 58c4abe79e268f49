package dev.natsaga.framework.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which publish failures are retried: the ones a reconnect or a leader election cause, not a refusal. */
class JetStreamFailuresTest {

  /** Found by ReaderStallRecoveryTest: CancellationException is an IllegalStateException and was judged by its message. */
  @Test
  void anAckFutureCancelledByAReconnectIsRetried() {
    assertThat(JetStreamFailures.isTransient(
        new CancellationException("Future cancelled, response not registered in time, check connection status."))).isTrue();
  }

  @Test
  void timeoutsIoFailuresAndReconnectingAreRetried() {
    assertThat(JetStreamFailures.isTransient(new TimeoutException("no ack"))).isTrue();
    assertThat(JetStreamFailures.isTransient(new IOException("Timeout or no response waiting for NATS JetStream server"))).isTrue();
    assertThat(JetStreamFailures.isTransient(new IllegalStateException("Connection is Reconnecting"))).isTrue();
  }

  @Test
  void otherIllegalStatesAreNot() {
    assertThat(JetStreamFailures.isTransient(new IllegalStateException("Connection is Closed"))).isFalse();
    assertThat(JetStreamFailures.isTransient(new IllegalArgumentException("Subject cannot be null"))).isFalse();
  }
}
