package dev.natsaga.eventstore;

/**
 * An aggregate's state at a version, stored so a load reads only the events after it.
 *
 * @param version the version the state includes
 * @param sequence the stream sequence of that version's event
 * @param state the state
 * @param <S> the state type
 */
public record Snapshot<S>(long version, long sequence, S state) {
}
