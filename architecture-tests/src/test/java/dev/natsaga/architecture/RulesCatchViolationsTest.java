package dev.natsaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.natsaga.architecture.fixture.UsesFrameworkInternals;
import dev.natsaga.architecture.fixture.UsesGuice;
import dev.natsaga.framework.internal.NamedThreads;
import org.junit.jupiter.api.Test;

/**
 * The rules fail where they should: classes of this module's tests (another artifact than the framework) that use a
 * framework internal class or Guice outside a guice package are reported, naming the class and what it uses.
 */
class RulesCatchViolationsTest {

  @Test
  void a_class_using_another_artifacts_internal_class_is_a_violation() {
    JavaClasses classes = new ClassFileImporter().importClasses(UsesFrameworkInternals.class, NamedThreads.class);

    EvaluationResult result = InternalPackages.usedOnlyInsideTheirArtifact().evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).containsExactly(UsesFrameworkInternals.class.getName()
        + " (architecture-tests (tests)) uses " + NamedThreads.class.getName()
        + " from the internal package of framework");
  }

  @Test
  void internal_classes_used_inside_their_own_artifact_are_not_violations() {
    JavaClasses framework = new ClassFileImporter().importPackages("dev.natsaga.framework");

    assertThat(InternalPackages.usedOnlyInsideTheirArtifact().evaluate(framework).hasViolation()).isFalse();
  }

  @Test
  void guice_outside_a_guice_package_is_a_violation() {
    JavaClasses classes = new ClassFileImporter().importClasses(UsesGuice.class);

    EvaluationResult result = GuiceTypes.onlyInGuicePackages("dev.natsaga.architecture.fixture..").evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains(UsesGuice.class.getName()).contains("com.google.inject.AbstractModule");
  }
}
