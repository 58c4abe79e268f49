package dev.natsaga.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;

/**
 * Which artifact a class was read from, by the place its class file came from: the module folder of a
 * {@code <module>/target/classes} directory, or the artifact of a jar ({@code natsaga-framework-0.1.0-SNAPSHOT.jar}
 * is {@code framework}). Both spellings give the same name, so a rule reads the same in the reactor and from jars.
 */
final class Artifacts {

  private static final String PREFIX = "natsaga-";

  private Artifacts() {
  }

  /** The artifact's short name (the module folder), or {@code "?"} when the class was not read from a file. */
  static String of(JavaClass javaClass) {
    return javaClass.getSource().map(s -> name(s, javaClass)).orElse("?");
  }

  private static String name(Source source, JavaClass javaClass) {
    String uri = source.getUri().toString();
    String classFile = javaClass.getName().replace('.', '/') + ".class";
    String root = uri.endsWith(classFile) ? uri.substring(0, uri.length() - classFile.length()) : uri;
    root = root.replaceAll("(!/|/)+$", "");
    if (root.endsWith("/target/classes") || root.endsWith("/target/test-classes")) {
      String module = root.substring(0, root.lastIndexOf("/target/"));
      return module.substring(module.lastIndexOf('/') + 1)
          + (root.endsWith("test-classes") ? " (tests)" : "");
    }
    String jar = root.substring(root.lastIndexOf('/') + 1).replaceAll("\\.jar$", "");
    jar = jar.replaceAll("-\\d[^-]*(-SNAPSHOT)?(-tests)?$", "");
    return jar.startsWith(PREFIX) ? jar.substring(PREFIX.length()) : jar;
  }
}
