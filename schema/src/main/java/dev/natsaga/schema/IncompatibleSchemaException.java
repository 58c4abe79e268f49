package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import java.util.List;
import java.util.stream.Collectors;

/** A schema change refused by {@link Compatibility}: the message lists every violation. */
public final class IncompatibleSchemaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<SchemaViolation> violations;

  public IncompatibleSchemaException(EventType type, List<SchemaViolation> violations) {
    super("the new schema of " + type + " is incompatible with the registered one (publish it as a new version, "
        + "e.g. " + type.name().replaceAll("v\\d+$", "v" + (type.version() + 1)) + "):\n  "
        + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("\n  ")));
    this.violations = List.copyOf(violations);
  }

  public List<SchemaViolation> violations() {
    return violations;
  }
}
