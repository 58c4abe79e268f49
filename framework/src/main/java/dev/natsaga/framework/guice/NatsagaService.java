package dev.natsaga.framework.guice;

import com.google.inject.Injector;
import dev.natsaga.framework.Natsaga;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(NatsagaService.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final Natsaga natsaga;
  private volatile State state = State.NEW;
  private Thread shutdownHook;

  @Inject
  public NatsagaService(Natsaga natsaga) {
    this.natsaga = natsaga;
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
    if (state == State.RUNNING) {
      return this;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException("natsaga service '" + serviceName()
          + "' was stopped or failed to start; build a new injector to start it again");
    }
    try {
      natsaga.start();
    } catch (IOException e) {
      closeAfterFailedStart();
      throw new UncheckedIOException("natsaga service '" + serviceName() + "' could not start: " + e.getMessage(), e);
    } catch (JetStreamApiException e) {
      closeAfterFailedStart();
      throw new IllegalStateException("natsaga service '" + serviceName() + "' could not start: JetStream refused: "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAfterFailedStart();
      throw e;
    }
    shutdownHook = new Thread(this::stop, "natsaga-shutdown-" + serviceName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    state = State.RUNNING;
    return this;
  }

  /**
   * Graceful shutdown: stop fetching, wait for handlers in flight and publishes, drain. Idempotent;
   * returns once the runtime is closed (or the shutdown timeout has passed).
   */
  public synchronized void stop() {
    if (state != State.RUNNING) {
      state = State.STOPPED;
      return;
    }
    state = State.STOPPED;
    removeShutdownHook();
    try {
      natsaga.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping natsaga service '{}'", serviceName());
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Whether {@link #start()} succeeded and {@link #stop()} has not been called; never blocks. */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Whether the service runs and its NATS connection is up (for health endpoints). */
  public boolean isHealthy() {
    return isRunning() && natsaga.isHealthy();
  }

  /** The runtime, for what the injected bindings do not cover (dead letters, stream provisioning). */
  public Natsaga natsaga() {
    return natsaga;
  }

  private String serviceName() {
    return natsaga.options().serviceName();
  }

  private void closeAfterFailedStart() {
    state = State.STOPPED;
    try {
      natsaga.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("cleaning up after a failed start: {}", e.toString());
    }
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
