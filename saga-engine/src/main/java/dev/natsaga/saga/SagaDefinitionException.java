package dev.natsaga.saga;

/** A saga definition is invalid; the message names the saga, the step and the rule. */
public final class SagaDefinitionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public SagaDefinitionException(String message) {
    super(message);
  }
}
