package dev.natsaga.saga.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.testdb.DatabaseTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's listing: keyset pages that together hold every saga exactly once in newest-first order (also when
 * several sagas share a creation time), the filters, and the search by id or caller key.
 */
abstract class SagaSearchContract extends DatabaseTest {

  private static final String[] TYPES = {"booking.create", "order.place"};
  private final List<SagaInstance> stored = new ArrayList<>();
  private SagaSearch search;

  /** 60 sagas: two types, every fifth COMPENSATED, created in pairs (two per second: equal times must page right). */
  @BeforeEach
  void storeSagas() {
    stored.clear();
    search = new SagaSearch(store.dataSource());
    store.inTransaction(tx -> {
      for (int i = 0; i < 60; i++) {
        Instant at = Instances.T0.plusSeconds(i / 2);
        SagaInstance s = Instances.running(TYPES[i % 2]).toBuilder().id(UUID.randomUUID())
            .status(i % 5 == 0 ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED).callerKey("key-" + i)
            .createdAt(at).updatedAt(at).build();
        tx.insert(s);
        stored.add(s);
      }
      return null;
    });
  }

  @Test
  void pagesHoldEverySagaOnceNewestFirst() {
    List<UUID> seen = walk(SagaSearch.Filter.ANY, 7);
    assertThat(seen).hasSize(60).doesNotHaveDuplicates();
    List<Instant> times = seen.stream().map(this::createdAt).toList();
    assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(search.find(SagaSearch.Filter.ANY, null, 60).next()).as("the last page has no cursor").isNull();
  }

  @Test
  void filtersByStatusTypeAndTimeAcrossPages() {
    List<UUID> compensated = walk(SagaSearch.Filter.ANY.withStatus(SagaStatus.COMPENSATED), 5);
    assertThat(compensated).containsExactlyInAnyOrderElementsOf(ids(s -> s.status() == SagaStatus.COMPENSATED));
    List<UUID> orders = walk(SagaSearch.Filter.ANY.withType("order.place").withStatus(SagaStatus.COMPLETED), 4);
    assertThat(orders).containsExactlyInAnyOrderElementsOf(
        ids(s -> s.sagaType().equals("order.place") && s.status() == SagaStatus.COMPLETED));
    Instant from = Instances.T0.plusSeconds(10);
    Instant before = Instances.T0.plusSeconds(20);
    List<UUID> window = walk(new SagaSearch.Filter(null, null, from, before, null), 6);
    assertThat(window).containsExactlyInAnyOrderElementsOf(
        ids(s -> !s.createdAt().isBefore(from) && s.createdAt().isBefore(before)));
    assertThat(window).hasSize(20);
  }

  @Test
  void searchFindsASagaByIdOrByCallerKey() {
    SagaInstance target = stored.get(17);
    assertThat(search.find(new SagaSearch.Filter(null, null, null, null, target.id().toString()), null, 10).items())
        .extracting(SagaView::id).containsExactly(target.id());
    assertThat(search.find(new SagaSearch.Filter(null, null, null, null, " key-17 "), null, 10).items())
        .extracting(SagaView::id).containsExactly(target.id());
    assertThat(search.find(new SagaSearch.Filter(null, null, null, null, "key-999"), null, 10).items()).isEmpty();
  }

  @Test
  void aCursorRoundTripsAndABadOneOrLimitIsNamed() {
    SagaSearch.Slice first = search.find(SagaSearch.Filter.ANY, null, 10);
    SagaSearch.Cursor parsed = SagaSearch.Cursor.parse(first.next().token());
    assertThat(parsed).isEqualTo(first.next());
    assertThatThrownBy(() -> SagaSearch.Cursor.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page cursor 'yesterday'");
    assertThatThrownBy(() -> search.find(SagaSearch.Filter.ANY, null, 0)).hasMessageContaining("limit must be 1..500");
  }

  private List<UUID> walk(SagaSearch.Filter filter, int pageSize) {
    List<UUID> seen = new ArrayList<>();
    SagaSearch.Cursor cursor = null;
    do {
      SagaSearch.Slice page = search.find(filter, cursor, pageSize);
      assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
      page.items().forEach(v -> seen.add(v.id()));
      cursor = page.next();
    } while (cursor != null);
    return seen;
  }

  private List<UUID> ids(java.util.function.Predicate<SagaInstance> which) {
    return stored.stream().filter(which).map(SagaInstance::id).toList();
  }

  private Instant createdAt(UUID id) {
    return stored.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().createdAt();
  }
}
