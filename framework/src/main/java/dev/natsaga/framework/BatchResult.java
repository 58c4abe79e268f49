package dev.natsaga.framework;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BatchHandler} did with its events: the ones that failed, each with its error. An event not named
 * succeeded and is acknowledged.
 *
 * <pre>{@code
 * return BatchResult.builder().failed(event, new IllegalStateException("slot taken")).build();
 * }</pre>
 */
public final class BatchResult {

  private static final BatchResult ALL_SUCCEEDED = new BatchResult(Map.of());

  private final Map<Event<?>, Exception> failures;

  private BatchResult(Map<Event<?>, Exception> failures) {
    this.failures = failures;
  }

  /** Every event of the batch succeeded. */
  public static BatchResult allSucceeded() {
    return ALL_SUCCEEDED;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** @return the error {@code event} failed with (the same instance the handler got), empty when it succeeded */
  public Optional<Exception> failure(Event<?> event) {
    return Optional.ofNullable(failures.get(event));
  }

  /** @return how many events failed */
  public int failedCount() {
    return failures.size();
  }

  @Override
  public String toString() {
    return failures.isEmpty() ? "BatchResult[all succeeded]" : "BatchResult[" + failures.size() + " failed]";
  }

  /** Collects the failed events of a batch. */
  public static final class Builder {
    private final Map<Event<?>, Exception> failures = new IdentityHashMap<>();

    private Builder() {
    }

    /**
     * Marks {@code event} (one of the batch's, the same instance) as failed: retried later, or dead-lettered at once
     * when {@code error} is a {@link NonRetryableException}.
     */
    public Builder failed(Event<?> event, Exception error) {
      failures.put(Objects.requireNonNull(event, "event"), Objects.requireNonNull(error, "error"));
      return this;
    }

    public BatchResult build() {
      return failures.isEmpty() ? ALL_SUCCEEDED : new BatchResult(new IdentityHashMap<>(failures));
    }
  }
}
