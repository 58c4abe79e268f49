package dev.natsaga.saga.nats;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.Natsaga;
import java.util.UUID;
import java.util.function.Consumer;
import org.h2.jdbcx.JdbcDataSource;

/** The payment participant as a service: its own H2 database and its own {@link Natsaga} runtime ({@code payment-service}). */
public final class ParticipantRuntime implements AutoCloseable {

  public final PaymentParticipant payment;
  public final Commands faults;
  public final Natsaga natsaga;

  private ParticipantRuntime(PaymentParticipant payment, Commands faults, Natsaga natsaga) {
    this.payment = payment;
    this.faults = faults;
    this.natsaga = natsaga;
  }

  public static ParticipantRuntime start(String natsUrl, String env) throws Exception {
    return start(natsUrl, env, faults -> { });
  }

  /** A participant with a fresh in-memory database; {@code configure} sets faults before it starts consuming. */
  public static ParticipantRuntime start(String natsUrl, String env, Consumer<Commands> configure) throws Exception {
    return start(natsUrl, env, configure, null);
  }

  /** Like {@link #start(String, String, Consumer)}; with {@code batch} the commands are answered in batches. */
  public static ParticipantRuntime start(String natsUrl, String env, Consumer<Commands> configure, BatchOptions batch)
      throws Exception {
    JdbcDataSource db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:payment-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    PaymentParticipant payment = new PaymentParticipant(db);
    Commands faults = new Commands();
    configure.accept(faults);
    Natsaga natsaga = Natsaga.builder(TestNats.options(natsUrl, env, "payment-service"))
        .handlers(payment.handlers(batch))
        .middleware(faults.middleware())
        .build();
    payment.participant().publishWith(natsaga);
    natsaga.start();
    return new ParticipantRuntime(payment, faults, natsaga);
  }

  @Override
  public void close() throws InterruptedException {
    natsaga.close();
  }
}
