package dev.agentbus.junit5;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * WireMock is optional: one class touches it, loaded only once it is known to be there, so that no
 * other class (and no public signature) fails to load on a classpath without it.
 */
class WireMockConfinedTest {

  @Test
  void onlyTheWireMockProxyDependsOnWireMock() {
    String proxy = WireMockFaultProxy.class.getName();
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are not " + proxy + " or nested in it",
                (JavaClass type) -> !type.getName().startsWith(proxy)))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.tomakehurst.wiremock..", "wiremock..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentbus.junit5"));
  }
}
