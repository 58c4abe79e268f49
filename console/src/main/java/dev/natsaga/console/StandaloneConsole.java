package dev.natsaga.console;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * The console on its own, against a NATS server and a saga database, from the services' settings: {@code NATS_URL},
 * {@code APP_ENV}, {@code SAGA_DB_URL} (and {@code SAGA_DB_USER}/{@code _PASSWORD}), {@code CONSOLE_USERS} and/or
 * {@code CONSOLE_TOKENS}, {@code CONSOLE_HOST} (default {@code 127.0.0.1}), {@code CONSOLE_PORT} (default 8090).
 * Without the saga definitions it shows sagas but cannot resume or abort them.
 */
public final class StandaloneConsole implements AutoCloseable {

  /** The service name it connects as (its audit events' CloudEvents {@code source}). */
  public static final String SERVICE_NAME = "natsaga-console";

  private final Natsaga natsaga;
  private final JdbcSagaStore store;
  private final Console console;

  private StandaloneConsole(Natsaga natsaga, JdbcSagaStore store, Console console) {
    this.natsaga = natsaga;
    this.store = store;
    this.console = console;
  }

  /**
   * Connects, opens (and migrates) the saga database and starts serving.
   *
   * @param settings the settings by name, e.g. {@link #environment()}
   * @throws dev.natsaga.framework.config.ConfigException naming a malformed setting
   */
  public static StandaloneConsole start(Map<String, String> settings) throws Exception {
    Map<String, String> values = new HashMap<>(settings);
    values.putIfAbsent("SERVICE_NAME", SERVICE_NAME);
    Settings s = Settings.of(values);
    ConsoleUsers users = ConsoleUsers.from(s);
    int port = s.integer("CONSOLE_PORT", 8090, 0, 65535);
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(s)).build().start();
    JdbcSagaStore store = null;
    try {
      store = JdbcSagaStore.open(SagaDatabaseOptions.fromEnvironment(values));
      Console console = Console.builder().natsaga(natsaga).sagaStore(store).users(users)
          .host(s.string("CONSOLE_HOST", "127.0.0.1")).port(port).build().start();
      return new StandaloneConsole(natsaga, store, console);
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      natsaga.close();
      throw e;
    }
  }

  /** System properties over environment variables, as {@link Settings#fromEnvironment()} reads them. */
  public static Map<String, String> environment() {
    Map<String, String> values = new HashMap<>(System.getenv());
    System.getProperties().forEach((k, v) -> values.put(k.toString(), v.toString()));
    return values;
  }

  /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM); the shutdown closes this console first. */
  public void awaitShutdown() throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }, "natsaga-console-shutdown"));
    stopped.await();
  }

  public Console console() {
    return console;
  }

  @Override
  public void close() throws InterruptedException {
    console.close();
    store.close();
    natsaga.close();
  }
}
