package dev.natsaga.saga.participant;

/**
 * A participant's business logic for one command type: do the work through {@link SagaCommand#connection()}
 * and answer with {@link SagaCommand#succeed} or {@link SagaCommand#fail}. The work, the recorded reply and the
 * command's de-duplication row commit together; throwing rolls all of it back and the command is redelivered
 * (a {@link dev.natsaga.framework.NonRetryableException} dead-letters it at once).
 *
 * <pre>{@code
 * CommandHandler<Authorize> authorize = cmd -> {
 *     if (cmd.data().amount() > limit) {
 *         return cmd.fail("payment.transaction.declined.v1", new Declined("amount above limit"));
 *     }
 *     payments.insert(cmd.connection(), cmd.data());
 *     return cmd.succeed("payment.transaction.authorized.v1", new Authorized(paymentId));
 * };
 * }</pre>
 *
 * @param <T> the command payload type
 */
@FunctionalInterface
public interface CommandHandler<T> {

  /** @return the reply, never null */
  CommandReply handle(SagaCommand<T> command) throws Exception;
}
