/**
 * The samples' start-up with Guice: {@link dev.natsaga.sample.support.guice.ServiceLauncher} runs a service's
 * {@code main} (start, or exit with the named reason; close on SIGTERM) and builds its injector;
 * {@link dev.natsaga.sample.support.guice.TelemetryModule} binds the sample's metrics and tracing into natsaga.
 */
package dev.natsaga.sample.support.guice;
