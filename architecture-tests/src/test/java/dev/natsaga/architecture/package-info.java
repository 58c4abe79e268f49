/**
 * The architecture rules of the code base, checked with ArchUnit over the main classes of every library module and
 * sample: {@link dev.natsaga.architecture.InternalPackages} (no module uses another module's {@code internal} package)
 * and {@link dev.natsaga.architecture.GuiceTypes} (Guice only in {@code guice} packages).
 */
package dev.natsaga.architecture;
