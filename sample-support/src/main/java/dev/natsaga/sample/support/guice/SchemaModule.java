package dev.natsaga.sample.support.guice;

import com.google.inject.AbstractModule;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.schema.ClasspathSchemas;
import dev.natsaga.schema.RegistrySource;
import dev.natsaga.schema.SchemaCatalog;
import dev.natsaga.schema.SchemaValidation;
import io.nats.client.JetStreamApiException;
import java.io.IOException;

/**
 * Binds schema validation into a sample: its events and commands are checked against the shared registry, falling
 * back to the service's own {@code schemas/*.json}; {@link #attach} registers those at start-up. The setting
 * {@code SCHEMA_UNKNOWN_TYPES} (allow, warn, refuse; default warn) decides about types without a schema.
 *
 * <pre>{@code
 * SchemaModule schemas = SchemaModule.validating(env);     // or publishOnly(env) for a saga participant
 * Injector injector = Guice.createInjector(new NatsagaModule(env), schemas, ...);
 * ...start...
 * schemas.attach(natsaga);
 * }</pre>
 */
public final class SchemaModule extends AbstractModule {

  private final RegistrySource registry = new RegistrySource();
  private final ClasspathSchemas own = ClasspathSchemas.load();
  private final SchemaValidation validation;

  private SchemaModule(Settings settings, boolean incoming) {
    SchemaValidation both = SchemaValidation.fromSettings(SchemaCatalog.of(registry, own), settings);
    this.validation = incoming ? both : both.outgoingOnly();
  }

  /** Validates what the service publishes and what it consumes. */
  public static SchemaModule validating(Settings settings) {
    return new SchemaModule(settings, true);
  }

  /** Validates what the service publishes only (a saga participant answers a bad command with a declined reply). */
  public static SchemaModule publishOnly(Settings settings) {
    return new SchemaModule(settings, false);
  }

  @Override
  protected void configure() {
    NatsagaModule.payloadStages(binder()).addBinding().toInstance(validation);
  }

  /**
   * Registers the service's own schemas in the environment's registry and validates against the registry from now on.
   *
   * @throws dev.natsaga.schema.IncompatibleSchemaException listing every violation when an own schema is an incompatible change
   * @throws IllegalStateException when the registry bucket cannot be opened
   */
  public void attach(Natsaga natsaga) {
    try {
      registry.attach(natsaga.connection(), natsaga.options().environment(), natsaga.options().streams().replicas(), own.all());
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("cannot open the schema registry of env " + natsaga.options().environment() + ": " + e, e);
    }
  }
}
