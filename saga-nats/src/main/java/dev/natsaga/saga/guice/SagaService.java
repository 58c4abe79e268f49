package dev.natsaga.saga.guice;

import com.google.inject.Injector;
import dev.natsaga.framework.guice.NatsagaService;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.nats.SagaOrchestrator;
import dev.natsaga.saga.nats.SagaLifecycle;
import dev.natsaga.saga.nats.SagaReplyHandlers;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts and stops the sagas of an injector built with {@link SagaModule} and
 * {@link dev.natsaga.framework.guice.NatsagaModule}: {@link #start()} checks that every definition's reply types
 * have a consumer, opens and migrates the saga database, starts the {@link NatsagaService} (connection, streams,
 * every handler including the reply consumers), then the {@link SagaOrchestrator} (outbox relay, deadline
 * scanner); {@link #stop()} (also a JVM shutdown hook) stops them in reverse order and closes the database pool.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new NatsagaModule(), new SagaModule(), new BookingModule());
 * SagaService sagas = SagaService.start(injector);
 * SagaEngine engine = sagas.engine();
 * }</pre>
 */
@Singleton
public final class SagaService implements AutoCloseable {

  private final NatsagaService natsaga;
  private final Provider<SagaOrchestrator> orchestrator;
  private final Set<SagaDefinition<?>> definitions;
  private final ReplyHandlerCache replies;
  private final SagaLifecycle lifecycle;
  private Thread shutdownHook;
  private boolean stopped;

  @Inject
  SagaService(NatsagaService natsaga, Provider<JdbcSagaStore> store, Provider<SagaOrchestrator> orchestrator,
        Set<SagaDefinition<?>> definitions, ReplyHandlerCache replies) {
    this.natsaga = natsaga;
    this.orchestrator = orchestrator;
    this.definitions = definitions;
    this.replies = replies;
    this.lifecycle = new SagaLifecycle(store::get, natsaga.lifecycle(), orchestrator::get);
  }

  /** Shorthand for {@code injector.getInstance(SagaService.class).start()}. */
  public static SagaService start(Injector injector) {
    return injector.getInstance(SagaService.class).start();
  }

  /**
   * Starts everything (see the class comment); calling it again while running does nothing.
   *
   * @throws IllegalStateException when a reply type has no consumer (naming it and the fix), or after {@link #stop()}
   */
  public synchronized SagaService start() {
    if (lifecycle.isRunning()) {
      return this;
    }
    if (stopped) {
      throw new IllegalStateException("the saga service was stopped; build a new injector to start it again");
    }
    requireReplyConsumers();
    try {
      lifecycle.start();
    } catch (RuntimeException e) {
      stopped = true;
      throw e;
    }
    shutdownHook = new Thread(this::stop, "natsaga-saga-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    return this;
  }

  private void requireReplyConsumers() {
    Set<String> missing = new TreeSet<>(SagaReplyHandlers.replyTypes(definitions));
    missing.removeAll(replies.types());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("saga reply type(s) " + missing + " have no consumer, so those replies would never"
          + " reach the engine: register a definition with SagaModule.saga(binder(), definition), or declare the"
          + " reply types of a provider-built definition with SagaModule.replyTypes(binder(), List.of(...))");
    }
  }

  /** Stops the orchestrator, then natsaga (finishing handlers in flight), then closes the database pool. Idempotent. */
  public synchronized void stop() {
    stopped = true;
    removeShutdownHook();
    lifecycle.stop();
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    return lifecycle.isRunning();
  }

  /** Whether the service runs and its NATS connection is up. */
  public boolean isHealthy() {
    return isRunning() && natsaga.isHealthy();
  }

  /** The engine (start sagas, queries, resume). */
  public SagaEngine engine() {
    return orchestrator.get().engine();
  }

  public SagaOrchestrator orchestrator() {
    return orchestrator.get();
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
      // the JVM is already shutting down; the hook may be running this very stop()
    }
  }
}
