package dev.agentbus.embedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering, checked on the compiled classes: only the facade ({@code
 * dev.agentbus.embedded} itself, which assembles a server) reaches into {@code internal}; the
 * public packages of data and tools (options, journal, traffic, text, remote, faults, cli) never
 * do, the internals never lean back on the facade, and no two packages depend on each other.
 */
class PackageBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.agentbus");
  }

  @Test
  void publicPackagesOtherThanTheFacadeNeverUseInternals() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.agentbus.embedded.options..",
            "dev.agentbus.embedded.journal..",
            "dev.agentbus.embedded.traffic..",
            "dev.agentbus.embedded.text..",
            "dev.agentbus.embedded.remote..",
            "dev.agentbus.embedded.faults..",
            "dev.agentbus.embedded.cli..",
            "dev.agentbus.client..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.agentbus.embedded.internal..")
        .check(classes);
  }

  @Test
  void internalsNeverUseTheFacade() {
    noClasses()
        .that()
        .resideInAPackage("dev.agentbus.embedded.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.agentbus.embedded")
        .check(classes);
  }

  @Test
  void theClientNeverUsesTheServer() {
    noClasses()
        .that()
        .resideInAPackage("dev.agentbus.client..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.agentbus.embedded..")
        .check(classes);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.agentbus.(**)").should().beFreeOfCycles().check(classes);
  }
}
