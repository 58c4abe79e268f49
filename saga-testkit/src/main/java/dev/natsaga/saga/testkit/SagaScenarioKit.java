package dev.natsaga.saga.testkit;

import dev.natsaga.saga.ReplyDisposition;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaReply;
import dev.natsaga.saga.store.SagaStore;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A given/expect saga scenario runner: script the participants per command type, start sagas, {@link #settle()},
 * then {@link #expect(UUID)} the outcome. Two implementations run the same scenario:
 *
 * <ul>
 * <li>{@link SagaTestKit} — no NATS: an in-memory transport, a {@link TestClock}; {@code settle()} jumps the clock
 *     through timeouts and retries, so it takes milliseconds whatever the step timeouts are;</li>
 * <li>{@link NatsSagaTestKit} — a real nats-server: the {@code SagaOrchestrator} (outbox relay, reply consumers,
 *     deadline scanner) and the scripted participants as framework handlers on the command subjects, in a fresh
 *     {@code APP_ENV}; {@code settle()} waits in real time (keep step timeouts short in such scenarios).</li>
 * </ul>
 *
 * <pre>{@code
 * static void lostRepliesCompensate(SagaScenarioKit kit) {
 *     kit.on("payment.transaction.authorize.v1").noReply();
 *     kit.on("payment.transaction.void.v1").reply("payment.transaction.voided.v1");
 *     UUID id = kit.start(booking, new BookingState("b-1"));
 *     kit.settle();
 *     kit.expect(id).status(SagaStatus.COMPENSATED).compensated("authorize-payment", "reserve-slot");
 * }
 * try (SagaScenarioKit kit = SagaTestKit.create()) { lostRepliesCompensate(kit); }
 * try (SagaScenarioKit kit = SagaTestKit.overNats("nats://127.0.0.1:4222")) { lostRepliesCompensate(kit); }
 * }</pre>
 */
public interface SagaScenarioKit extends AutoCloseable {

  /**
   * Registers a definition with the engine (and, over NATS, its reply consumers). {@link #start} does it for the
   * definitions it is given; register older versions or definitions started some other way.
   */
  SagaScenarioKit register(SagaDefinition<?> definition);

  /** @return the scripted participant for a command type (created on first use; over NATS it starts consuming then) */
  ScriptedParticipant on(String commandType);

  /** Starts a saga without caller key. */
  <S> UUID start(SagaDefinition<S> definition, S initialState);

  /** Starts a saga; a second start with the same caller key returns the first saga's id. */
  <S> UUID start(SagaDefinition<S> definition, S initialState, String callerKey);

  /**
   * Returns when no saga this kit started waits for anything any more (each is completed, compensated or parked as
   * {@code COMPENSATION_FAILED}) and no command or reply is in flight.
   *
   * @throws AssertionError when that does not happen (in time, over NATS), naming what is pending and printing the
   *                        timelines of the sagas still active
   */
  void settle();

  /** Hands a reply to the engine directly, not through the transport (e.g. a late or forged reply). */
  ReplyDisposition reply(SagaReply reply);

  /** Assertions on one saga; a failed one prints the saga's timeline. */
  SagaExpectation expect(UUID sagaId);

  SagaEngine engine();

  SagaStore store();

  /**
   * @return the saga database, e.g. to create the tables the saga's local steps write to
   * @throws IllegalStateException when the kit runs on a store that is not JDBC
   */
  DataSource dataSource();

  /** Stops what the kit runs and closes what it opened (not a store given to it). */
  @Override
  void close();
}
