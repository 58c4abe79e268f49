/** The console's tests: a real browser, a real nats-server, real H2 and real sagas. */
package dev.natsaga.console;
