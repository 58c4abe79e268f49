package dev.natsaga.framework.guice;

import com.google.inject.Injector;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NatsagaLifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * Starts and stops the injector's {@link Natsaga} runtime: {@link #start()} connects, provisions the
 * streams and starts the handlers' consumers after the injector is built, and registers a JVM
 * shutdown hook; {@link #stop()} (or the hook, or {@link #close()}) shuts down gracefully: stop
 * fetching, wait for handlers in flight and asynchronous publishes, then drain the connection,
 * each within {@code NATS_SHUTDOWN_TIMEOUT}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Injector injector = Guice.createInjector(new NatsagaModule(), new PaymentModule());
 *   NatsagaService natsaga = NatsagaService.start(injector);   // fails naming the setting or NATS_URL
 *   startHttp(injector, natsaga::isHealthy);
 * }
 * }</pre>
 *
 * <p>One service runs once: after {@link #stop()} or a failed start, build a new injector to start again.
 */
@Singleton
public final class NatsagaService implements AutoCloseable {

  private final NatsagaLifecycle lifecycle;
  private Thread shutdownHook;

  @Inject
  public NatsagaService(Natsaga natsaga) {
    this.lifecycle = new NatsagaLifecycle(natsaga);
  }

  /** Shorthand for {@code injector.getInstance(NatsagaService.class).start()}. */
  public static NatsagaService start(Injector injector) {
    return injector.getInstance(NatsagaService.class).start();
  }

  /**
   * Connects, provisions streams and starts consuming; registers a shutdown hook that calls
   * {@link #stop()}. Calling it again while running does nothing.
   *
   * @throws UncheckedIOException when NATS cannot be reached or refuses the credentials (the message names NATS_URL)
   * @throws IllegalStateException when JetStream refuses a stream or consumer, or after {@link #stop()}
   * @throws dev.natsaga.framework.config.ConfigException when a setting is invalid
   */
  public synchronized NatsagaService start() {
    if (lifecycle.isRunning()) {
      return this;
    }
    lifecycle.start();
    shutdownHook = new Thread(this::stop, "natsaga-shutdown-" + lifecycle.natsaga().options().serviceName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    return this;
  }

  /**
   * Graceful shutdown: stop fetching, wait for handlers in flight and publishes, drain. Idempotent;
   * returns once the runtime is closed (or the shutdown timeout has passed).
   */
  public synchronized void stop() {
    removeShutdownHook();
    lifecycle.stop();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Whether {@link #start()} succeeded and {@link #stop()} has not been called; never blocks. */
  public boolean isRunning() {
    return lifecycle.isRunning();
  }

  /** Whether the service runs and its NATS connection is up (for health endpoints). */
  public boolean isHealthy() {
    return lifecycle.isHealthy();
  }

  /** The runtime, for what the injected bindings do not cover (dead letters, stream provisioning). */
  public Natsaga natsaga() {
    return lifecycle.natsaga();
  }

  /** The start/stop sequence this service wraps (shared with other wirings, e.g. the saga service's). */
  public NatsagaLifecycle lifecycle() {
    return lifecycle;
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    shutdownHook = null;
    if (hook == null || hook == Thread.currentThread()) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the JVM is already shutting down; our hook may be running this very stop()
    }
  }
}
