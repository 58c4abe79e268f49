package dev.natsaga.eventstore;

/**
 * An append whose expected version is not the aggregate's version: another writer appended first. Reload the
 * aggregate and decide again (see {@link AggregateRepository#update}), or give up.
 */
public final class VersionConflictException extends EventStoreException {

  private final AggregateKey aggregate;
  private final long expected;
  private final long actual;

  public VersionConflictException(AggregateKey aggregate, long expected, long actual) {
    super("version conflict on " + aggregate + ": expected version " + expected + ", actual version " + actual
        + " (another writer appended first; reload the aggregate and retry the command)");
    this.aggregate = aggregate;
    this.expected = expected;
    this.actual = actual;
  }

  public AggregateKey aggregate() {
    return aggregate;
  }

  /** The version the caller expected. */
  public long expected() {
    return expected;
  }

  /** The aggregate's version when the append was refused. */
  public long actual() {
    return actual;
  }
}
