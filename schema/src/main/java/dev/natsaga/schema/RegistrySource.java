package dev.natsaga.schema;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.EventType;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The shared registry as a schema source from the moment the runtime is built, before it is connected: empty until
 * {@link #attach} opens the environment's registry (after {@code Natsaga.start()}) and registers the service's own
 * schemas. A catalog of this source and the classpath validates against the classpath until then.
 *
 * <pre>{@code
 * RegistrySource registry = new RegistrySource();
 * SchemaCatalog catalog = SchemaCatalog.of(registry, ClasspathSchemas.load());
 * Natsaga natsaga = Natsaga.builder(options).payloadStage(new SchemaValidation(catalog, UnknownTypes.WARN)).build().start();
 * registry.attach(natsaga.connection(), options.environment(), ClasspathSchemas.load().all());
 * }</pre>
 */
public final class RegistrySource implements SchemaSource {

  private volatile KvSchemaRegistry registry;

  /**
   * Opens the environment's registry, registers {@code own} (each checked for compatibility with what is registered),
   * and serves lookups from it from then on.
   *
   * @throws IncompatibleSchemaException listing every violation when one of {@code own} is an incompatible change
   */
  public KvSchemaRegistry attach(Connection connection, Environment env, List<SchemaDocument> own) throws IOException, JetStreamApiException {
    return attach(connection, env, 1, own);
  }

  /** As {@link #attach(Connection, Environment, List)}, a new bucket with {@code replicas} (the service's streams'). */
  public KvSchemaRegistry attach(Connection connection, Environment env, int replicas, List<SchemaDocument> own)
      throws IOException, JetStreamApiException {
    KvSchemaRegistry opened = KvSchemaRegistry.open(connection, env, replicas);
    opened.registerAll(own);
    this.registry = opened;
    return opened;
  }

  @Override
  public Optional<SchemaDocument> find(EventType type) {
    KvSchemaRegistry r = registry;
    return r == null ? Optional.empty() : r.find(type);
  }
}
