package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Instances.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.outbox.OutboxSchema;
import dev.natsaga.saga.StepOutcome;
import dev.natsaga.saga.StepPhase;
import dev.natsaga.saga.store.SagaInstance;
import dev.natsaga.saga.store.StepLogEntry;
import dev.natsaga.saga.testdb.DatabaseTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The saga store's unit of work with the transactional outbox, and the upgrade that moved the engine's commands into
 * it: the same tests on every database.
 */
abstract class UnitOfWorkContract extends DatabaseTest {

  @Test
  void stateChangeStepLogAndOutboxCommitTogetherOrNotAtAll() throws Exception {
    SagaInstance saga = Instances.running("trip.book");
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.insert(saga);
      tx.appendStepLog(StepLogEntry.of(saga.id(), 0, "first", StepPhase.EXECUTE, 1, StepOutcome.STARTED, T0));
      tx.publish(Instances.command(saga.id(), T0));
      throw new IllegalStateException("boom after writing");
    })).hasMessage("boom after writing");
    assertThat(store.findInstance(saga.id())).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox")).isZero();
    assertThat(count("SELECT COUNT(*) FROM saga_step_log")).isZero();

    store.inTransaction(tx -> {
      tx.insert(saga);
      tx.publish(Instances.command(saga.id(), T0));
      return null;
    });
    assertThat(store.findInstance(saga.id())).isPresent();
    assertThat(count("SELECT COUNT(*) FROM natsaga_outbox WHERE published_at IS NULL")).isOne();
  }

  @Test
  void outboxListenersRunAfterACommitThatWroteEventsOnly() {
    AtomicInteger woken = new AtomicInteger();
    Runnable listener = woken::incrementAndGet;
    store.addOutboxListener(listener);
    try {
      store.inTransaction(tx -> {
        tx.insert(Instances.running("trip.book"));
        return null;
      });
      assertThat(woken).as("no event written, no wake-up").hasValue(0);
      SagaInstance saga = Instances.running("trip.book");
      store.inTransaction(tx -> {
        tx.insert(saga);
        tx.publish(Instances.command(saga.id(), T0));
        return null;
      });
      assertThat(woken).hasValue(1);
      assertThatThrownBy(() -> store.inTransaction(tx -> {
        tx.publish(Instances.command(saga.id(), T0));
        throw new IllegalStateException("rolled back");
      })).hasMessage("rolled back");
      assertThat(woken).as("a rolled-back transaction wakes nobody").hasValue(1);
    } finally {
      store.removeOutboxListener(listener);
    }
  }

  @Test
  void theUpgradeMovesUnpublishedCommandsOfTheOldSagaOutboxIntoTheServiceOutbox() throws Exception {
    sql("CREATE SCHEMA upgrade_test");
    String schema = isH2() ? "UPGRADE_TEST" : "upgrade_test";     // as each database folds the unquoted name
    try {
      Flyway.configure().dataSource(store.dataSource()).schemas(schema).defaultSchema(schema)
          .locations(JdbcSagaStore.MIGRATIONS).table(JdbcSagaStore.HISTORY_TABLE).target("1").load().migrate();
      sql("INSERT INTO upgrade_test.saga_outbox (id, command_id, saga_id, saga_type, step_name, phase, message_type,"
          + " subject, headers_json, payload_json, created_at, published_at) VALUES"
          + " ('6f1c2d9e-0000-4000-8000-000000000001', '6f1c2d9e-0000-4000-8000-000000000002',"
          + " '6f1c2d9e-0000-4000-8000-000000000003', 'trip.book', 'first', 'EXECUTE', 'test.thing.do.v1', 'thing-1',"
          + " '{\"sagaid\":\"6f1c2d9e-0000-4000-8000-000000000003\"}', '{\"a\":1}', TIMESTAMP WITH TIME ZONE"
          + " '2030-01-01 10:00:00+00', NULL),"
          + " ('6f1c2d9e-0000-4000-8000-000000000004', '6f1c2d9e-0000-4000-8000-000000000005',"
          + " '6f1c2d9e-0000-4000-8000-000000000003', 'trip.book', 'first', 'EXECUTE', 'test.thing.do.v1', 'thing-1',"
          + " '{}', '{}', TIMESTAMP WITH TIME ZONE '2030-01-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2030-01-01 10:00:01+00')");
      Flyway.configure().dataSource(store.dataSource()).schemas(schema).defaultSchema(schema)
          .locations(OutboxSchema.MIGRATIONS).table(OutboxSchema.HISTORY_TABLE).baselineOnMigrate(true)
          .baselineVersion("0").load().migrate();
      Flyway.configure().dataSource(store.dataSource()).schemas(schema).defaultSchema(schema)
          .locations(JdbcSagaStore.MIGRATIONS).table(JdbcSagaStore.HISTORY_TABLE).load().migrate();

      assertThat(count("SELECT COUNT(*) FROM upgrade_test.natsaga_outbox WHERE id = '6f1c2d9e-0000-4000-8000-000000000001'"
          + " AND event_type = 'test.thing.do.v1' AND payload_json = '{\"a\":1}' AND published_at IS NULL"))
          .as("the unpublished command moved with its id, type and payload").isOne();
      assertThat(count("SELECT COUNT(*) FROM upgrade_test.natsaga_outbox")).as("the published one did not").isOne();
      assertThat(tableExists("SAGA_OUTBOX")).isFalse();
    } finally {
      sql("DROP SCHEMA upgrade_test CASCADE");
    }
  }

  private boolean isH2() throws Exception {
    try (Connection c = store.dataSource().getConnection()) {
      return c.getMetaData().getDatabaseProductName().contains("H2");
    }
  }

  private boolean tableExists(String name) throws Exception {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema IN"
             + " ('UPGRADE_TEST', 'upgrade_test') AND UPPER(table_name) = '" + name + "'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }
}
