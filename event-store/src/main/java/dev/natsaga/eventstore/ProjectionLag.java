package dev.natsaga.eventstore;

/**
 * How far a projection is behind its stream.
 *
 * @param checkpoint the stream sequence of the last event applied (0 before the first)
 * @param lastSequence the stream sequence of the newest event the projection reads
 * @param pending events the projection has not applied yet (as counted by the server for its reader)
 */
public record ProjectionLag(long checkpoint, long lastSequence, long pending) {

  public boolean caughtUp() {
    return checkpoint >= lastSequence;
  }
}
