/** The Guice wiring of the saga engine, with a real nats-server and an H2 saga database. */
package dev.natsaga.saga.guice;
