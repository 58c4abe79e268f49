package dev.natsaga.sample.booking;

import dev.natsaga.console.Console;
import dev.natsaga.console.ConsoleUsers;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The operations console embedded in the booking service, when {@code CONSOLE_USERS} or {@code CONSOLE_TOKENS} is set:
 * the service's engine (resume, abort), saga store, NATS runtime and meters; {@code CONSOLE_PORT} (default 8090) and
 * {@code CONSOLE_HOST} (default 127.0.0.1). Without users there is no console (it never runs without sign-in).
 */
final class BookingConsole {

  private BookingConsole() {
  }

  static Optional<Console> startIfConfigured(Settings env, Natsaga natsaga, SagaEngine engine, SagaStore store,
                                             MeterRegistry registry) {
    if (env.get("CONSOLE_USERS").isEmpty() && env.get("CONSOLE_TOKENS").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Console.builder().natsaga(natsaga).sagaEngine(engine).sagaStore(store).meterRegistry(registry)
        .users(ConsoleUsers.from(env)).host(env.string("CONSOLE_HOST", "127.0.0.1"))
        .port(env.integer("CONSOLE_PORT", 8090, 0, 65535)).build().start());
  }
}
