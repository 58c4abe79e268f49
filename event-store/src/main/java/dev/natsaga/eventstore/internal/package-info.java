/**
 * The event store's implementation: subjects and id tokens, encoding, the expected-sequence publisher, atomic batch and
 * chained appends, direct-get and ordered-consumer reads, KV snapshots, the domain feed and the projector loop. Not API.
 */
package dev.natsaga.eventstore.internal;
