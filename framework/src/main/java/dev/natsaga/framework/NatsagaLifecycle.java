package dev.natsaga.framework;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one {@link Natsaga} runtime once, with unchecked errors that name the service: the one start/stop
 * sequence the wirings share (Guice's {@code NatsagaService}, the Spring Boot starter's lifecycle bean). A failed
 * start leaves nothing open ({@link Natsaga#start()} closes what it opened) and the lifecycle stopped.
 *
 * <pre>{@code
 * NatsagaLifecycle lifecycle = new NatsagaLifecycle(natsaga);
 * lifecycle.start();   // UncheckedIOException naming NATS_URL, IllegalStateException when JetStream refuses
 * ...
 * lifecycle.stop();    // graceful: consumers finish, publishes complete, the connection drains
 * }</pre>
 */
public final class NatsagaLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(NatsagaLifecycle.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final Natsaga natsaga;
  private volatile State state = State.NEW;

  public NatsagaLifecycle(Natsaga natsaga) {
    this.natsaga = Objects.requireNonNull(natsaga, "natsaga");
  }

  /**
   * Connects, provisions streams and starts consuming; calling it again while running does nothing.
   *
   * @throws UncheckedIOException when NATS cannot be reached or refuses the credentials (the message names NATS_URL)
   * @throws IllegalStateException when JetStream refuses a stream or consumer, or after {@link #stop()} or a failed start
   * @throws dev.natsaga.framework.config.ConfigException when a setting is invalid
   */
  public synchronized void start() {
    if (state == State.RUNNING) {
      return;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException("natsaga service '" + serviceName()
          + "' was stopped or failed to start; build a new runtime (with Guice: a new injector) to start it again");
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
    state = State.RUNNING;
  }

  /**
   * Graceful shutdown: stop fetching, wait for handlers in flight and publishes, drain. Idempotent; returns once the
   * runtime is closed (or the shutdown timeout has passed).
   */
  public synchronized void stop() {
    if (state != State.RUNNING) {
      state = State.STOPPED;
      return;
    }
    state = State.STOPPED;
    try {
      natsaga.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping natsaga service '{}'", serviceName());
    }
  }

  /** Whether {@link #start()} succeeded and {@link #stop()} has not been called; never blocks. */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Whether the runtime runs and its NATS connection is up. */
  public boolean isHealthy() {
    return isRunning() && natsaga.isHealthy();
  }

  /** The runtime. */
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
}
