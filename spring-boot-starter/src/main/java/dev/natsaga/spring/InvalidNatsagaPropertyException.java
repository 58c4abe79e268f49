package dev.natsaga.spring;

/**
 * A {@code natsaga.*} property with a bad value: the message names the property, the value and what it allows.
 * Spring Boot prints it as the start-up failure's description and action ({@link NatsagaPropertyFailureAnalyzer}).
 */
public final class InvalidNatsagaPropertyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String allowed;

  /**
   * @param property the property, e.g. {@code natsaga.nats.url}
   * @param value the refused value, as the framework saw it
   * @param allowed what the property allows: the fix
   * @param cause the framework's error
   */
  public InvalidNatsagaPropertyException(String property, String value, String allowed, Throwable cause) {
    super("invalid property " + property + "='" + value + "': " + allowed, cause);
    this.property = property;
    this.allowed = allowed;
  }

  /** The property, e.g. {@code natsaga.consumer.max-deliver}. */
  public String property() {
    return property;
  }

  /** What the property allows. */
  public String allowed() {
    return allowed;
  }
}
