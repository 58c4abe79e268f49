/**
 * The participant side of sagas: {@link dev.natsaga.saga.participant.SagaParticipant} turns a
 * {@link dev.natsaga.saga.participant.CommandHandler} into a framework handler that de-duplicates commands by
 * {@code commandid} in the participant's own database (in the handler's transaction) and replies with the saga's
 * correlation attributes echoed.
 *
 * <pre>{@code
 * natsagaBuilder.handler(participant.handle("payment.transaction.capture.v1", Capture.class,
 *     cmd -> cmd.succeed("payment.transaction.captured.v1", capture(cmd.connection(), cmd.data()))));
 * }</pre>
 */
package dev.natsaga.saga.participant;
