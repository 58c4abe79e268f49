package dev.natsaga.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.outbox.H2Housekeeping;
import dev.natsaga.test.nats.NatsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter compacts an H2 file database that writes every commit (real Spring Boot contexts, real H2, a real
 * nats-server): {@link H2Housekeeping} runs for {@code jdbc:h2:file:...;WRITE_DELAY=0} and not for an in-memory H2.
 */
class StarterH2HousekeepingTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void anH2FileThatWritesEveryCommitGetsTheHousekeeping() throws Exception {
    Path dir = Files.createTempDirectory("natsaga-starter-h2");
    String url = "jdbc:h2:file:" + dir.resolve("orders") + ";WRITE_DELAY=0";
    try (ConfigurableApplicationContext context = TestApplications.run(NATS.url(), Map.of("spring.datasource.url", url))) {
      assertThat(context.getBeanProvider(H2Housekeeping.class).getIfAvailable()).isNotNull();
    }
  }

  @Test
  void anInMemoryH2GetsNone() {
    try (ConfigurableApplicationContext context = TestApplications.run(NATS.url(), Map.of())) {
      assertThat(context.getBeanProvider(H2Housekeeping.class).getIfAvailable()).isNull();
    }
  }
}
