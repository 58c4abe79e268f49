package dev.natsaga.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AggregateSubjectsTest {

  private final AggregateSubjects subjects = new AggregateSubjects(Environment.of("prod"));

  @Test
  void plainIdsAreTheirOwnTokenAndTheFilterCoversEveryActionAndVersion() {
    AggregateKey key = AggregateKey.of("bank.account", "acc-42_x");
    assertThat(subjects.subject(EventType.parse("bank.account.deposited.v1"), "acc-42_x")).isEqualTo("prod.bank.account.deposited.v1.acc-42_x");
    assertThat(subjects.filter(key)).isEqualTo("prod.bank.account.*.*.acc-42_x");
    assertThat(subjects.stream(key)).isEqualTo("PROD_BANK");
  }

  @Test
  void otherIdsAreEncodedIntoDistinctSafeTokens() {
    List<String> ids = List.of("a.b", "a b", "a*b", "a>b", "ü", "~x", "=x", "x".repeat(129), "a/b", "a");
    Set<String> tokens = new HashSet<>();
    for (String id : ids) {
      String token = AggregateSubjects.token(id);
      assertThat(token).as(id).matches("[A-Za-z0-9_~-]+");
      assertThat(tokens.add(token)).as("unique token for %s", id).isTrue();
      assertThat(KvSnapshotStore.kvKey(AggregateKey.of("bank.account", id))).matches("[-/_=.a-zA-Z0-9]+");
    }
    assertThat(AggregateSubjects.token("a")).isEqualTo("a");
  }

  @Test
  void badAggregateKeysAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> AggregateKey.of("bank", "x")).hasMessageContaining("{domain}.{entity}");
    assertThatThrownBy(() -> AggregateKey.of("bank.account", "")).hasMessageContaining("1-256 characters");
    assertThatThrownBy(() -> AggregateKey.of("bank.account", "a\nb")).hasMessageContaining("control character");
  }
}
