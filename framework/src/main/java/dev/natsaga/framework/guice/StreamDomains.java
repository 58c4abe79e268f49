package dev.natsaga.framework.guice;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the {@code Set<String>} of extra stream domains: domains whose {@code {ENV}_{DOMAIN}}
 * stream start-up provisions besides those of the handled types, typically ones the service only
 * publishes to. Contribute with {@link NatsagaModule#domains(com.google.inject.Binder)}.
 *
 * <pre>{@code
 * NatsagaModule.domains(binder()).addBinding().toInstance("booking");
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface StreamDomains {
}
