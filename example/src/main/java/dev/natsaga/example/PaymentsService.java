package dev.natsaga.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.natsaga.example.Contract.Charge;
import dev.natsaga.example.Contract.Charged;
import dev.natsaga.example.Contract.Declined;
import dev.natsaga.example.Contract.Refund;
import dev.natsaga.example.Contract.Refunded;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.outbox.ClosedDatabaseEviction;
import dev.natsaga.saga.participant.CommandReply;
import dev.natsaga.saga.participant.SagaCommand;
import dev.natsaga.saga.participant.SagaParticipant;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The payments service: a saga participant. It charges up to a limit and declines above it, and refunds.
 * Each command runs in one transaction of its own database with the participant's de-duplication row, so a
 * repeated command gets the same reply and never a second charge.
 */
public final class PaymentsService implements AutoCloseable {

  private final HikariDataSource database;
  private final Natsaga natsaga;
  private final long limit;

  private PaymentsService(HikariDataSource database, NatsagaOptions options, long limit) {
    this.database = database;
    this.limit = limit;
    SagaParticipant participant = SagaParticipant.builder().name("payments").dataSource(database).build().migrate();
    this.natsaga = Natsaga.builder(options)
        .handler(participant.handle(Contract.CHARGE, Charge.class, this::charge))
        .handler(participant.handle(Contract.REFUND, Refund.class, this::refund))
        .build();
    participant.publishWith(natsaga);
  }

  /**
   * Opens the database at {@code dbUrl}, migrates it ({@code saga_participant_command} and the service's own
   * {@code payment} table) and starts handling commands.
   */
  public static PaymentsService start(NatsagaOptions options, String dbUrl, long limit) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(dbUrl);
    config.setPoolName("payments-db");
    HikariDataSource database = ClosedDatabaseEviction.pool(config);    // H2 reopened after a full disk
    try {
      Flyway.configure().dataSource(database).locations("classpath:db/payments").table("payments_schema_history")
          .baselineOnMigrate(true).baselineVersion("0").load().migrate();
      PaymentsService service = new PaymentsService(database, options, limit);
      service.natsaga.start();
      return service;
    } catch (Exception | Error e) {
      database.close();
      throw e;
    }
  }

  private CommandReply charge(SagaCommand<Charge> cmd) throws SQLException {
    Charge charge = cmd.data();
    if (charge.amount() > limit) {
      insert(cmd, "pay-" + UUID.randomUUID(), charge, "DECLINED");
      return cmd.fail(Contract.DECLINED, new Declined("amount " + charge.amount() + " is above the limit of " + limit));
    }
    String paymentId = "pay-" + UUID.randomUUID();
    insert(cmd, paymentId, charge, "CHARGED");
    return cmd.succeed(Contract.CHARGED, new Charged(paymentId));
  }

  private CommandReply refund(SagaCommand<Refund> cmd) throws SQLException {
    try (PreparedStatement ps = cmd.connection().prepareStatement("UPDATE payment SET status = 'REFUNDED' WHERE payment_id = ?")) {
      ps.setString(1, cmd.data().paymentId());
      ps.executeUpdate();
    }
    return cmd.succeed(Contract.REFUNDED, new Refunded(cmd.data().paymentId()));
  }

  private static void insert(SagaCommand<Charge> cmd, String paymentId, Charge charge, String status) throws SQLException {
    String sql = "INSERT INTO payment (payment_id, order_id, amount, status) VALUES (?, ?, ?, ?)";
    try (PreparedStatement ps = cmd.connection().prepareStatement(sql)) {
      ps.setString(1, paymentId);
      ps.setString(2, charge.orderId());
      ps.setLong(3, charge.amount());
      ps.setString(4, status);
      ps.executeUpdate();
    }
  }

  /** Stops handling (handlers in flight finish), then closes the database. */
  @Override
  public void close() throws InterruptedException {
    try {
      natsaga.close();
    } finally {
      database.close();
    }
  }
}
