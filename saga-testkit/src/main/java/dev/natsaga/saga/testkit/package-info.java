/**
 * Given/expect saga tests, without NATS or over NATS: {@link dev.natsaga.saga.testkit.SagaTestKit} runs the real engine and
 * store (a fresh in-memory H2 database by default) with a {@link dev.natsaga.saga.testkit.TestClock}, an
 * {@link dev.natsaga.saga.testkit.RecordingEventPublisher} and scripted participants.
 * {@link dev.natsaga.saga.testkit.NatsSagaTestKit} runs the same scenarios against a real nats-server (the
 * orchestrator, its reply consumers and the scripted participants as framework handlers, a fresh environment per kit);
 * both implement {@link dev.natsaga.saga.testkit.SagaScenarioKit}, so one scenario is written once for both.
 *
 * <pre>{@code
 * try (SagaTestKit kit = SagaTestKit.create()) {
 *     kit.on("payment.transaction.authorize.v1").reply("payment.transaction.authorized.v1", new Authorized("p-1"));
 *     UUID id = kit.start(booking, new BookingState("b-1"));
 *     kit.settle();
 *     kit.expect(id).status(SagaStatus.COMPLETED).executed("reserve-slot", "authorize-payment", "confirm-booking");
 * }
 * }</pre>
 */
package dev.natsaga.saga.testkit;
