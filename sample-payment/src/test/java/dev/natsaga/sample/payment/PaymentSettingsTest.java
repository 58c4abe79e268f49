package dev.natsaga.sample.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.sample.support.ServiceEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database URL normalization: an H2 database writes every commit to its file at once (kill -9 loses nothing committed). */
class PaymentSettingsTest {

  @Test
  void h2_urls_write_every_commit_at_once_unless_they_set_a_write_delay() {
    assertThat(PaymentSettings.from(PaymentSettings.environment(Map.of())).dbUrl())
        .startsWith("jdbc:h2:file:./data/payment").contains(";WRITE_DELAY=0").contains(";DB_CLOSE_ON_EXIT=FALSE")
        .contains(";QUERY_CACHE_SIZE=64");
    assertThat(PaymentSettings.from(PaymentSettings.environment(Map.of("PAYMENT_DB_URL", "jdbc:h2:file:/tmp/p;LOCK_TIMEOUT=10000"))).dbUrl())
        .isEqualTo("jdbc:h2:file:/tmp/p;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64");
    assertThat(ServiceEnvironment.h2WritesEveryCommit("jdbc:h2:file:/tmp/p;WRITE_DELAY=100")).isEqualTo("jdbc:h2:file:/tmp/p;WRITE_DELAY=100");
    assertThat(ServiceEnvironment.h2WritesEveryCommit("jdbc:postgresql://127.0.0.1:5432/payment")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/payment");
  }
}
