package dev.natsaga.saga.outbox;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Sends outbox messages to participants; the NATS layer implements it (JetStream publish with
 * {@code Nats-Msg-Id = message.id()}). Called by the {@link OutboxRelay} from one thread at a time.
 *
 * <pre>{@code
 * CommandTransport transport = batch -> {
 *     List<UUID> done = new ArrayList<>();
 *     for (OutboxMessage m : batch) {
 *         js.publish(toNatsMessage(m));     // throws on failure: the rest stay in the outbox
 *         done.add(m.id());
 *     }
 *     return done;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CommandTransport {

  /**
   * Publishes a batch durably.
   *
   * @param batch messages, oldest first
   * @return ids of the messages now durably published (acknowledged); the others stay unpublished and are
   *         offered again. Throwing means none were published. Publishing the same message twice must be harmless.
   */
  Collection<UUID> publish(List<OutboxMessage> batch) throws Exception;
}
