package dev.natsaga.architecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The rule "Guice types only in {@code *.guice} packages" (DESIGN §6): outside a {@code ..guice..} package no class of
 * the given packages depends on Guice ({@code com.google.inject..}) or on the {@code jakarta.inject} annotations Guice
 * reads, so the core stays plain Java that tests build without an injector.
 */
final class GuiceTypes {

  private GuiceTypes() {
  }

  /** The rule for the classes in {@code packages} (ArchUnit package patterns such as {@code dev.natsaga.framework..}). */
  static ArchRule onlyInGuicePackages(String... packages) {
    return ArchRuleDefinition.noClasses()
        .that().resideInAnyPackage(packages)
        .and().resideOutsideOfPackage("..guice..")
        .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
        .as("Guice types only in ..guice.. packages of " + String.join(", ", packages));
  }
}
