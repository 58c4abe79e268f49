package dev.natsaga.security.classification;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a payload record component with its sensitivity and whether it is personal data.
 *
 * <pre>{@code
 * record Card(@Sensitive(level = Sensitivity.RESTRICTED, pii = true) String number, String brand) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Sensitive {

  /** The field's sensitivity. */
  Sensitivity level();

  /** Whether the field is personal data: never published in clear text unless its type is allowed to. */
  boolean pii() default false;
}
