package dev.natsaga.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule "a module uses no other module's {@code internal} package": a class of one artifact that depends on a class
 * in an {@code ..internal..} package of another artifact is a violation, one line per (user, used class) pair.
 */
final class InternalPackages {

  private InternalPackages() {
  }

  /** The rule over every class it is checked against. */
  static ArchRule usedOnlyInsideTheirArtifact() {
    return ArchRuleDefinition.classes().that().resideInAPackage("dev.natsaga..")
        .should(new ArchCondition<JavaClass>("use no other artifact's internal package") {
          @Override
          public void check(JavaClass user, ConditionEvents events) {
            for (String violation : violations(user)) {
              events.add(SimpleConditionEvent.violated(user, violation));
            }
          }
        })
        .as("no module uses another module's internal package");
  }

  private static Set<String> violations(JavaClass user) {
    String userArtifact = Artifacts.of(user);
    Set<String> found = new TreeSet<>();
    for (Dependency d : user.getDirectDependenciesFromSelf()) {
      JavaClass used = d.getTargetClass().getBaseComponentType();
      if (!isInternal(used)) {
        continue;
      }
      String usedArtifact = Artifacts.of(used);
      if (!usedArtifact.equals(userArtifact)) {
        found.add(user.getName() + " (" + userArtifact + ") uses " + used.getName() + " from the internal package of "
            + usedArtifact);
      }
    }
    return found;
  }

  private static boolean isInternal(JavaClass javaClass) {
    String pkg = "." + javaClass.getPackageName() + ".";
    return pkg.contains(".internal.");
  }
}
