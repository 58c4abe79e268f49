/** The outbox relay's implementation: a background thread woken after commits, polling as a fallback. */
package dev.natsaga.saga.internal.relay;
