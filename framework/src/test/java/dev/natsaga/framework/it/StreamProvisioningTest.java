package dev.natsaga.framework.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.config.StreamOptions;
import dev.natsaga.framework.stream.StreamConflictException;
import dev.natsaga.framework.stream.StreamProvisioner;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamProvisioningTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void createsDomainAndDeadLetterStreamsIdempotently() throws Exception {
    Connection nc = NATS.connect();
    Environment env = Environment.of(TestNatsaga.freshEnv() + "-eu");
    StreamOptions options = StreamOptions.defaults().withMaxAge(Duration.ofDays(3));
    StreamProvisioner provisioner = new StreamProvisioner(nc.jetStreamManagement(), env, options, StreamOptions.defaults());

    StreamInfo first = provisioner.ensureDomain("booking-ops");
    StreamInfo again = provisioner.ensureDomain("booking-ops");
    StreamInfo dlq = provisioner.ensureDeadLetters();

    assertThat(first.getConfiguration().getName()).isEqualTo(env.name().toUpperCase().replace('-', '_') + "_BOOKING_OPS");
    assertThat(first.getConfiguration().getSubjects()).containsExactly(env.name() + ".booking-ops.>");
    assertThat(first.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(first.getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(again.getCreateTime()).isEqualTo(first.getCreateTime());
    assertThat(dlq.getConfiguration().getSubjects()).containsExactly(env.name() + ".dlq.>");
  }

  @Test
  void reportsEveryDifferenceOfAnExistingStreamAndLeavesItUnchanged() throws Exception {
    Connection nc = NATS.connect();
    Environment env = Environment.of(TestNatsaga.freshEnv());
    nc.jetStreamManagement().addStream(StreamConfiguration.builder()
        .name(env.streamName("booking")).subjects(env.streamSubjects("booking"))
        .storageType(StorageType.Memory).maxAge(Duration.ofHours(1)).build());
    StreamProvisioner provisioner = new StreamProvisioner(nc.jetStreamManagement(), env, StreamOptions.defaults(), StreamOptions.defaults());

    assertThatThrownBy(() -> provisioner.ensureDomain("booking"))
        .isInstanceOf(StreamConflictException.class)
        .hasMessageContaining(env.streamName("booking"))
        .hasMessageContaining("storage: existing memory, wanted file")
        .hasMessageContaining("max_age: existing PT1H, wanted PT168H");
    assertThat(nc.jetStreamManagement().getStreamInfo(env.streamName("booking")).getConfiguration().getStorageType())
        .isEqualTo(StorageType.Memory);
  }
}
