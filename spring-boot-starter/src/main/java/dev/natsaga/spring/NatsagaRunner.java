package dev.natsaga.spring;

import dev.natsaga.framework.NatsagaLifecycle;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * Starts natsaga with the application context and stops it with the context: the runtime alone
 * ({@link NatsagaLifecycle}), or with the saga store and orchestrator around it ({@code SagaLifecycle}). It runs in an
 * early phase, so it starts before a web server takes requests and stops after the web server has finished them.
 * A failed start leaves nothing open and fails the context's refresh, which closes the context.
 */
public final class NatsagaRunner implements SmartLifecycle {

  /** Before the web server's phase ({@code DEFAULT_PHASE - 1024}): up first, down last. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private final Runnable start;
  private final Runnable stop;
  private final BooleanSupplier running;

  /**
   * @param start starts everything (throws on failure, having closed what it opened)
   * @param stop stops everything, gracefully and idempotently
   * @param running whether it runs
   */
  public NatsagaRunner(Runnable start, Runnable stop, BooleanSupplier running) {
    this.start = Objects.requireNonNull(start, "start");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.running = Objects.requireNonNull(running, "running");
  }

  /** Runs the runtime alone. */
  public static NatsagaRunner of(NatsagaLifecycle lifecycle) {
    return new NatsagaRunner(lifecycle::start, lifecycle::stop, lifecycle::isRunning);
  }

  @Override
  public void start() {
    start.run();
  }

  @Override
  public void stop() {
    stop.run();
  }

  @Override
  public boolean isRunning() {
    return running.getAsBoolean();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
