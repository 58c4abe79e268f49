/**
 * The samples' start-up with Guice: {@link dev.natsaga.sample.support.guice.ServiceLauncher} runs a service's
 * {@code main} (start, or exit with the named reason; close on SIGTERM) and builds its injector.
 */
package dev.natsaga.sample.support.guice;
