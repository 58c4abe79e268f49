package dev.natsaga.outbox;

import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.outbox.internal.GroupCommits;
import javax.sql.DataSource;

/**
 * When a committed transaction is durable, and the one place to wait for it: nothing that depends on a commit may leave
 * the process (a relayed event, the ack of the message that caused it, an HTTP answer) before the commit is durable.
 *
 * <p>PostgreSQL (with {@code synchronous_commit} on) and H2 with {@code WRITE_DELAY=0} make every commit durable
 * before it returns, paying a write per transaction. An H2 file database with a write delay keeps commits in memory
 * for up to that delay; {@link #of(DataSource)} then gives a <em>group commit</em>: {@link #awaitDurable()} returns
 * after a {@code CHECKPOINT} that started after the call, and callers that wait at the same time share one
 * checkpoint. Durability is paid once per round of waiters, not once per transaction, and a process killed at any
 * point loses only commits that nothing outside has seen.
 *
 * <pre>{@code
 * Durability durability = Durability.of(dataSource);      // one per data source, shared
 * builder.middleware(durability.beforeAck());             // handlers' commits durable before their message is acked
 * service.create(request);                                 // commits
 * durability.awaitDurable();                               // before answering 202
 * }</pre>
 *
 * The outbox relay waits on its data source's durability before it publishes a round (see {@link OutboxRelay}).
 */
@FunctionalInterface
public interface Durability {

  /** Commits are durable when they return (PostgreSQL, H2 with {@code WRITE_DELAY=0}, in-memory databases). */
  Durability IMMEDIATE = () -> { };

  /**
   * Returns once every transaction committed on this database before the call is durable.
   *
   * @throws OutboxException when the database cannot be flushed (the caller must not let anything depend on it out)
   */
  void awaitDurable();

  /**
   * The durability of {@code dataSource}, decided on first use from the database behind it: a group commit for an
   * H2 file database with a write delay, {@link #IMMEDIATE} otherwise. One instance per data source, so every caller
   * of a database shares its checkpoints.
   */
  static Durability of(DataSource dataSource) {
    return GroupCommits.of(dataSource);
  }

  /**
   * A handler middleware that waits for durability after the handler returned and before its message is acked, so an
   * acknowledged message's effects survive a crash.
   */
  default Middleware beforeAck() {
    return (info, next) -> event -> {
      next.handle(event);
      awaitDurable();
    };
  }
}
