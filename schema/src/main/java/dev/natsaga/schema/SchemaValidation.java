package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.InvalidTypeException;
import dev.natsaga.framework.config.Settings;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation at both boundaries, as a framework payload stage: a publish whose data breaks its type's schema is refused
 * before anything is sent ({@link PayloadRefusedException} naming the type, each JSON path and rule); a consumed event
 * that breaks it is dead-lettered with reason {@code schema-violation} and the paths. A valid outgoing event gets the
 * schema's URI as its {@code dataschema}. Types without a schema follow {@link UnknownTypes}.
 *
 * <pre>{@code
 * SchemaCatalog catalog = SchemaCatalog.of(registry, ClasspathSchemas.load());
 * Natsaga.builder(options).payloadStage(SchemaValidation.fromSettings(catalog, Settings.fromEnvironment()));
 * }</pre>
 */
public final class SchemaValidation implements PayloadStage {

  /** The setting for types without a schema: {@code allow}, {@code warn} (default) or {@code refuse}. */
  public static final String UNKNOWN_TYPES_SETTING = "SCHEMA_UNKNOWN_TYPES";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaValidation.class);

  private final SchemaCatalog catalog;
  private final UnknownTypes unknownTypes;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final boolean incoming;

  public SchemaValidation(SchemaCatalog catalog, UnknownTypes unknownTypes) {
    this(catalog, unknownTypes, true);
  }

  private SchemaValidation(SchemaCatalog catalog, UnknownTypes unknownTypes, boolean incoming) {
    this.catalog = catalog;
    this.unknownTypes = unknownTypes;
    this.incoming = incoming;
  }

  /**
   * The same validation on publish only. A saga participant uses it: a command that breaks its schema must still get
   * a (declined) reply, or the saga would wait for its timeout; the command's producer validates it on publish.
   */
  public SchemaValidation outgoingOnly() {
    return new SchemaValidation(catalog, unknownTypes, false);
  }

  /** Validation with the {@code SCHEMA_UNKNOWN_TYPES} setting (a bad value fails naming the setting). */
  public static SchemaValidation fromSettings(SchemaCatalog catalog, Settings settings) {
    return new SchemaValidation(catalog, settings.enumValue(UNKNOWN_TYPES_SETTING, UnknownTypes.class, UnknownTypes.WARN));
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    Optional<SchemaDocument> doc = schemaOf(event);
    if (doc.isEmpty()) {
      if (unknown(event)) {
        throw new PayloadRefusedException("publish of " + event.getType() + " refused: " + noSchema(event));
      }
      return event;
    }
    List<SchemaViolation> violations = catalog.validate(doc.get(), event);
    if (!violations.isEmpty()) {
      throw new PayloadRefusedException("publish of " + event.getType() + " refused: " + describe(doc.get(), violations));
    }
    return event.getDataSchema() != null ? event : CloudEventBuilder.v1(event).withDataSchema(doc.get().uri()).build();
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    if (!incoming) {
      return event;
    }
    Optional<SchemaDocument> doc = schemaOf(event);
    if (doc.isEmpty()) {
      if (unknown(event)) {
        throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, noSchema(event));
      }
      return event;
    }
    List<SchemaViolation> violations = catalog.validate(doc.get(), event);
    if (!violations.isEmpty()) {
      throw new PayloadRejectedException(DeadLetterReason.SCHEMA_VIOLATION, describe(doc.get(), violations));
    }
    return event;
  }

  /** The schema of the event's type; none for a type that breaks the naming rules (the framework refuses those). */
  private Optional<SchemaDocument> schemaOf(CloudEvent event) {
    try {
      return catalog.find(EventType.parse(event.getType()));
    } catch (InvalidTypeException e) {
      return Optional.empty();
    }
  }

  /** Whether a type without a schema is refused (after warning once per type when the setting says warn). */
  private boolean unknown(CloudEvent event) {
    if (unknownTypes == UnknownTypes.WARN && warned.add(event.getType())) {
      LOG.warn("{} has no schema; events of it are not validated ({}=warn)", event.getType(), UNKNOWN_TYPES_SETTING);
    }
    return unknownTypes == UnknownTypes.REFUSE;
  }

  private static String noSchema(CloudEvent event) {
    return event.getType() + " has no schema (" + UNKNOWN_TYPES_SETTING + "=refuse): add " + ClasspathSchemas.FOLDER + "/"
        + event.getType() + ".json or register it";
  }

  static String describe(SchemaDocument doc, List<SchemaViolation> violations) {
    return doc.type() + " breaks its schema " + doc.uri() + ": "
        + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("; "));
  }
}
