package dev.natsaga.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a bad {@code natsaga.*} property as Spring Boot's "APPLICATION FAILED TO START" report: the description names
 * the property and its value, the action says what it allows.
 */
final class NatsagaPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNatsagaPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidNatsagaPropertyException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Update " + cause.property() + " in your application's configuration: " + cause.allowed()
            + " (or remove it for natsaga's default).", cause);
  }
}
