package dev.natsaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries over the main classes of every library module and sample (this module depends on each of
 * them): no module uses another module's {@code internal} package, and the library modules keep Guice in their
 * {@code guice} packages. The samples are left out of the Guice rule on purpose: a sample's module and main class are
 * its wiring, which is where Guice belongs in an application.
 */
class ModuleBoundariesTest {

  /** The library modules' root packages (the samples, bench and reliability are applications, not libraries). */
  static final String[] LIBRARY_PACKAGES = {
      "dev.natsaga.framework..", "dev.natsaga.outbox..", "dev.natsaga.eventstore..", "dev.natsaga.saga..", "dev.natsaga.schema..",
      "dev.natsaga.security..", "dev.natsaga.test..", "dev.natsaga.sample.support..", "dev.natsaga.spring..", "dev.natsaga.console.."};

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.natsaga");

  @Test
  void every_library_module_and_sample_is_read() {
    Set<String> artifacts = new TreeSet<>();
    for (JavaClass c : MAIN) {
      artifacts.add(Artifacts.of(c));
    }
    assertThat(artifacts).containsExactlyInAnyOrder("test-nats", "framework", "outbox", "event-store", "schema", "security",
        "saga-engine", "saga-participant", "saga-nats", "saga-testkit", "sample-support", "sample-payment", "sample-booking",
        "spring-boot-starter", "console");
  }

  @Test
  void no_module_uses_another_modules_internal_package() {
    InternalPackages.usedOnlyInsideTheirArtifact().check(MAIN);
  }

  @Test
  void guice_types_only_in_guice_packages_of_the_library_modules() {
    GuiceTypes.onlyInGuicePackages(LIBRARY_PACKAGES).check(MAIN);
  }
}
