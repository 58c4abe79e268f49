package dev.natsaga.saga.internal.engine;

import dev.natsaga.saga.store.DeadlineKind;
import java.time.Instant;
import java.util.UUID;

/**
 * The progress of one branch of the parallel group a saga is in, kept on the instance as JSON ({@code branches_json}).
 *
 * @param index        the branch's step index
 * @param status       where it stands
 * @param attempt      its current execute attempt (1-based)
 * @param commandId    its command id (the same across its timeout retries)
 * @param deadline     when its reply times out or its retry is due; null once settled
 * @param deadlineKind what happens at the deadline
 */
record Branch(int index, Status status, int attempt, UUID commandId, Instant deadline, DeadlineKind deadlineKind) {

  /** Where a branch stands. */
  enum Status {
    /** Its command is out (or its retry is scheduled); a reply or a timeout will settle it. */
    AWAITING,
    /** A success reply arrived. */
    SUCCEEDED,
    /** A failure reply arrived, or its command could not be built: nothing to undo. */
    FAILED,
    /** No reply after its last attempt (or the saga's deadline passed): it may have acted, so it is compensated. */
    UNCERTAIN
  }

  boolean awaiting() {
    return status == Status.AWAITING;
  }

  /** @return true when a compensation must undo it (it succeeded, or may have) */
  boolean needsUndo() {
    return status == Status.SUCCEEDED || status == Status.UNCERTAIN;
  }
}
