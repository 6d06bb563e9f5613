package dev.agentbus.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** This module is built on the bus's public API alone, as a user's code would be. */
class InternalsUnusedTest {

  @Test
  void noClassOfThisModuleUsesTheBusInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.agentbus.embedded.internal..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentbus.maven"));
  }
}
