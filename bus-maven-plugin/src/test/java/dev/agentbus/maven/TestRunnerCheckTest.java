package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.maven.model.Build;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class TestRunnerCheckTest {

  @Test
  void surefireAndFailsafeBefore2_22AreNamedWithTheVersionToUse() {
    MavenProject project =
        project(
            List.of(dependency("org.junit.jupiter", "junit-jupiter")),
            runner("maven-surefire-plugin", "2.12.4"),
            runner("maven-failsafe-plugin", "2.21.0"));

    assertThat(TestRunnerCheck.outdated(project))
        .containsExactly(
            new TestRunnerCheck.OutdatedRunner("maven-surefire-plugin", "2.12.4"),
            new TestRunnerCheck.OutdatedRunner("maven-failsafe-plugin", "2.21.0"));
    assertThat(TestRunnerCheck.outdated(project).get(0).warning())
        .startsWith(
            "maven-surefire-plugin 2.12.4 is too old to run JUnit 5 tests: it runs none of this"
                + " project's JUnit Jupiter tests and the build still passes. Pin"
                + " maven-surefire-plugin "
                + TestRunnerCheck.RECOMMENDED
                + " (2.22.0 at the least)")
        .endsWith("(Maven 3.8 runs surefire 2.12.4 where the POM names no version)");
  }

  @Test
  void theRecommendedVersionIsTheOneThisBuildTestsWith() {
    assertThat(TestRunnerCheck.RECOMMENDED).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(
            new org.apache.maven.artifact.versioning.ComparableVersion(TestRunnerCheck.RECOMMENDED))
        .isGreaterThanOrEqualTo(TestRunnerCheck.FIRST_FOR_JUNIT5);
  }

  @Test
  void runnersFrom2_22OnPass() {
    MavenProject project =
        project(
            List.of(dependency("dev.agentbus", "bus-junit5")),
            runner("maven-surefire-plugin", "2.22.0"),
            runner("maven-failsafe-plugin", "3.6.1"));

    assertThat(TestRunnerCheck.outdated(project)).isEmpty();
  }

  @Test
  void aProjectWithoutJUnit5IsLeftAlone() {
    MavenProject project =
        project(List.of(dependency("junit", "junit")), runner("maven-surefire-plugin", "2.12.4"));

    assertThat(TestRunnerCheck.outdated(project)).isEmpty();
  }

  @Test
  void aRunnerWhoseVersionIsNotKnownYetIsLeftAlone() {
    MavenProject project =
        project(
            List.of(dependency("org.junit.platform", "junit-platform-launcher")),
            runner("maven-failsafe-plugin", null));

    assertThat(TestRunnerCheck.outdated(project)).isEmpty();
  }

  private static MavenProject project(List<Dependency> dependencies, Plugin... plugins) {
    Model model = new Model();
    model.setDependencies(dependencies);
    Build build = new Build();
    for (Plugin plugin : plugins) {
      build.addPlugin(plugin);
    }
    model.setBuild(build);
    return new MavenProject(model);
  }

  private static Plugin runner(String artifactId, String version) {
    Plugin plugin = new Plugin();
    plugin.setGroupId("org.apache.maven.plugins");
    plugin.setArtifactId(artifactId);
    plugin.setVersion(version);
    return plugin;
  }

  private static Dependency dependency(String groupId, String artifactId) {
    Dependency dependency = new Dependency();
    dependency.setGroupId(groupId);
    dependency.setArtifactId(artifactId);
    return dependency;
  }
}
