package dev.natsaga.saga.nats;

import dev.natsaga.framework.NatsagaLifecycle;
import dev.natsaga.saga.store.SagaStore;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start and stop order of an orchestrating service, shared by the wirings (Guice's {@code SagaService}, the
 * Spring Boot starter's lifecycle bean): {@link #start()} opens the saga store (pool and migrations, where the store
 * owns them), starts the {@link NatsagaLifecycle} (connection, streams, every handler including the reply consumers),
 * then the {@link SagaOrchestrator} (outbox relay, deadline scanner); {@link #stop()} stops them in reverse order
 * and closes the store. A failed start stops whatever had started before the error is rethrown.
 *
 * <pre>{@code
 * SagaLifecycle sagas = new SagaLifecycle(() -> store, new NatsagaLifecycle(natsaga), () -> orchestrator);
 * sagas.start();
 * ...
 * sagas.stop();
 * }</pre>
 */
public final class SagaLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(SagaLifecycle.class);

  private final Supplier<? extends SagaStore> store;
  private final NatsagaLifecycle natsaga;
  private final Supplier<SagaOrchestrator> orchestrator;
  private boolean running;
  private SagaStore openedStore;
  private SagaOrchestrator startedOrchestrator;

  /**
   * @param store opens the store (called once, at start; {@link SagaStore#close()} at stop)
   * @param natsaga the runtime whose publisher the orchestrator sends through
   * @param orchestrator the orchestrator (called once, at start)
   */
  public SagaLifecycle(Supplier<? extends SagaStore> store, NatsagaLifecycle natsaga, Supplier<SagaOrchestrator> orchestrator) {
    this.store = Objects.requireNonNull(store, "store");
    this.natsaga = Objects.requireNonNull(natsaga, "natsaga");
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
  }

  /** Opens the store, starts natsaga, then the orchestrator; calling it while running does nothing. */
  public synchronized void start() {
    if (running) {
      return;
    }
    try {
      openedStore = store.get();
      natsaga.start();
      startedOrchestrator = orchestrator.get().start(natsaga.natsaga());
    } catch (RuntimeException | Error e) {
      stopQuietly();
      throw e;
    }
    running = true;
  }

  /**
   * Stops the orchestrator, then natsaga (finishing handlers in flight), then closes the store. Idempotent; does
   * nothing unless {@link #start()} succeeded (a failed start has already stopped what it started).
   */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    stopQuietly();
  }

  /** Whether {@link #start()} succeeded and {@link #stop()} has not been called. */
  public synchronized boolean isRunning() {
    return running;
  }

  /** The runtime's lifecycle. */
  public NatsagaLifecycle natsaga() {
    return natsaga;
  }

  private void stopQuietly() {
    if (startedOrchestrator != null) {
      quietly("stopping the saga orchestrator", startedOrchestrator::close);
      startedOrchestrator = null;
    }
    quietly("stopping natsaga", natsaga::stop);
    if (openedStore != null) {
      quietly("closing the saga store", openedStore::close);
      openedStore = null;
    }
  }

  private static void quietly(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", what, e.toString());
    }
  }
}
