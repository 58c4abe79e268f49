package dev.natsaga.console;

import dev.natsaga.console.internal.ConsoleContext;
import dev.natsaga.console.internal.ConsoleServer;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.store.SagaStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The operations console: a web dashboard over the sagas of one saga database, the dead letters, streams and consumers
 * of one environment, and live charts from the metrics. All pages and assets are served from this jar (no CDN).
 *
 * <p>Embedded in a service that runs the saga engine, it can also act on sagas (resume, abort); on its own
 * ({@link ConsoleMain}) it shows sagas and acts on dead letters only, since resuming needs the saga definitions.
 *
 * <pre>{@code
 * Console console = Console.builder()
 *     .natsaga(natsaga)                    // connection, environment, publisher (audit events), dead letters
 *     .sagaStore(store).sagaEngine(engine) // the saga database; the engine enables resume and abort
 *     .meterRegistry(registry)             // optional: live charts from the service's own meters
 *     .users(ConsoleUsers.from(Settings.fromEnvironment()))
 *     .port(8090)
 *     .build()
 *     .start();
 * log.info("console at {}", console.uri());
 * }</pre>
 */
public final class Console implements AutoCloseable {

  /** Payload and state fields masked by default (compared case-insensitively, at any depth). */
  public static final Set<String> DEFAULT_MASKED_FIELDS = Set.of("email", "phone", "card", "cardnumber", "iban", "password",
      "token", "ssn");

  private final ConsoleServer server;

  private Console(Builder b) {
    this.server = new ConsoleServer(new ConsoleContext(b.natsaga, b.engine, b.dataSource, b.meterRegistry, b.users,
        b.maskedFields), b.host, b.port);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Provisions the {@code ops} stream (audit events) and starts serving; returns this. */
  public Console start() {
    server.start();
    return this;
  }

  /** @return where the dashboard answers, e.g. {@code http://127.0.0.1:8090/} */
  public URI uri() {
    return server.uri();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Settings of a console; {@code natsaga}, a saga database and {@code users} are required. */
  public static final class Builder {
    private Natsaga natsaga;
    private SagaEngine engine;
    private DataSource dataSource;
    private MeterRegistry meterRegistry;
    private ConsoleUsers users;
    private String host = "127.0.0.1";
    private int port = 8090;
    private Set<String> maskedFields = DEFAULT_MASKED_FIELDS;

    private Builder() {
    }

    /** The started runtime: its connection, environment, publisher and dead letters. */
    public Builder natsaga(Natsaga value) { this.natsaga = value; return this; }

    /** The engine that runs the sagas (with their definitions): enables resume and abort. */
    public Builder sagaEngine(SagaEngine value) { this.engine = value; return this; }

    /** The saga database, as the store holds it. */
    public Builder sagaStore(SagaStore value) { this.dataSource = value.dataSource(); return this; }

    /** The saga database (schema migrated by {@code JdbcSagaStore}). */
    public Builder dataSource(DataSource value) { this.dataSource = value; return this; }

    /** Meters for the live charts (default: charts from stream counters only). */
    public Builder meterRegistry(MeterRegistry value) { this.meterRegistry = value; return this; }

    public Builder users(ConsoleUsers value) { this.users = value; return this; }

    /** Interface to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface). */
    public Builder host(String value) { this.host = value; return this; }

    /** Port (default 8090; 0 picks a free one, see {@link Console#uri()}). */
    public Builder port(int value) { this.port = value; return this; }

    /** Field names whose values are shown as {@code ***} in payloads and states (default {@link #DEFAULT_MASKED_FIELDS}). */
    public Builder maskedFields(Set<String> value) { this.maskedFields = Set.copyOf(value); return this; }

    public Console build() {
      Objects.requireNonNull(natsaga, "Console needs natsaga(Natsaga): a started runtime");
      Objects.requireNonNull(dataSource, "Console needs the saga database: sagaStore(store) or dataSource(ds)");
      Objects.requireNonNull(users, "Console needs users(ConsoleUsers), e.g. ConsoleUsers.from(Settings.fromEnvironment())");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("console port must be 0..65535, got " + port);
      }
      return new Console(this);
    }
  }
}
