package dev.natsaga.saga;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SagaEngine#handleReplies(java.util.List)} did with one reply of a batch: its {@link ReplyDisposition}
 * (committed, so the transport may acknowledge it), or the failure that left it unrecorded (redeliver it).
 *
 * @param reply the reply
 * @param disposition what was done with it, null when it failed
 * @param failure why it could not be recorded (a lost optimistic-lock race, a database failure), null when it did not fail
 */
public record ReplyResult(SagaReply reply, ReplyDisposition disposition, RuntimeException failure) {

  public ReplyResult {
    Objects.requireNonNull(reply, "reply");
    if ((disposition == null) == (failure == null)) {
      throw new IllegalArgumentException("a reply result has a disposition or a failure, exactly one");
    }
  }

  public static ReplyResult of(SagaReply reply, ReplyDisposition disposition) {
    return new ReplyResult(reply, Objects.requireNonNull(disposition, "disposition"), null);
  }

  public static ReplyResult failed(SagaReply reply, RuntimeException failure) {
    return new ReplyResult(reply, null, Objects.requireNonNull(failure, "failure"));
  }

  /** @return the failure, empty when the reply is recorded */
  public Optional<RuntimeException> failed() {
    return Optional.ofNullable(failure);
  }
}
