/** The polling outbox relay: how it logs an outage. */
package dev.natsaga.saga.relay;
