package dev.natsaga.eventstore.it;

import dev.natsaga.eventstore.AggregateKey;
import dev.natsaga.eventstore.AggregateRoot;

/** The test aggregate: a bank account whose state counts and sums its deposits. */
final class Account extends AggregateRoot<Account.State> {

  /** The state and the snapshot: deposits seen, their sum, the last depositor. */
  record State(long deposits, long balance, String lastBy) {
    static final State EMPTY = new State(0, 0, null);
  }

  Account(String id) {
    super(AggregateKey.of("bank.account", id), State.EMPTY, State.class);
    on("bank.account.deposited.v1", Stores.Deposited.class,
        (s, e) -> new State(s.deposits() + 1, s.balance() + e.amount(), e.by()));
  }

  void deposit(String by, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive");
    }
    raise("bank.account.deposited.v1", new Stores.Deposited(by, state().deposits() + 1, amount));
  }
}
