package dev.natsaga.eventstore;

/**
 * What an append stored.
 *
 * @param aggregate the aggregate
 * @param version the aggregate's version after the append (its last event's version)
 * @param sequence the stream sequence of the last event appended
 * @param count how many events were appended
 */
public record AppendResult(AggregateKey aggregate, long version, long sequence, int count) {
}
