package dev.agentbus.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;

/**
 * Finds a surefire or failsafe in a project's build that is too old to run JUnit 5 tests. Before
 * 2.22.0 they find no JUnit Jupiter test, run none, and report success: Maven 3.8 uses surefire
 * 2.12.4 when a POM names no version, so a build can pass for months without running a test.
 * Stateless.
 */
final class TestRunnerCheck {

  /** The first surefire and failsafe that run JUnit 5 (JUnit Platform) tests. */
  static final ComparableVersion FIRST_FOR_JUNIT5 = new ComparableVersion("2.22.0");

  /** What the warnings recommend: the version this project's own build uses. */
  static final String RECOMMENDED = recommendedVersion();

  private static final List<String> RUNNERS =
      List.of("maven-surefire-plugin", "maven-failsafe-plugin");

  /**
   * A test runner too old for JUnit 5 in a project that has JUnit 5 tests.
   *
   * @param artifactId {@code maven-surefire-plugin} or {@code maven-failsafe-plugin}
   * @param version the version the build runs
   */
  record OutdatedRunner(String artifactId, String version) {

    /**
     * @return the warning, naming the version to use and where to say it
     */
    String warning() {
      return artifactId
          + " "
          + version
          + " is too old to run JUnit 5 tests: it runs none of this project's JUnit Jupiter"
          + " tests and the build still passes. Pin "
          + artifactId
          + " "
          + RECOMMENDED
          + " (2.22.0 at the least) in the POM's <build><plugins> or <pluginManagement>:"
          + " <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>"
          + artifactId
          + "</artifactId><version>"
          + RECOMMENDED
          + "</version></plugin>"
          + (artifactId.equals("maven-surefire-plugin")
              ? " (Maven 3.8 runs surefire 2.12.4 where the POM names no version)"
              : "");
    }
  }

  private TestRunnerCheck() {}

  /**
   * @param project the project as the build runs it, with the plugins Maven's lifecycle adds
   * @return the runners of its build that cannot run its JUnit 5 tests; none when it has no JUnit 5
   *     dependency, or when a runner's version is not known yet
   */
  static List<OutdatedRunner> outdated(MavenProject project) {
    List<OutdatedRunner> outdated = new ArrayList<>();
    if (!usesJUnit5(project.getDependencies())) {
      return outdated;
    }
    for (String runner : RUNNERS) {
      Plugin plugin = project.getPlugin("org.apache.maven.plugins:" + runner);
      if (plugin != null
          && plugin.getVersion() != null
          && !plugin.getVersion().contains("${")
          && new ComparableVersion(plugin.getVersion()).compareTo(FIRST_FOR_JUNIT5) < 0) {
        outdated.add(new OutdatedRunner(runner, plugin.getVersion()));
      }
    }
    return outdated;
  }

  /** Declared or inherited: the JUnit 5 engine, its API, the platform, or our extension. */
  private static boolean usesJUnit5(List<Dependency> dependencies) {
    return dependencies.stream()
        .anyMatch(
            d ->
                d.getGroupId().equals("org.junit.jupiter")
                    || d.getGroupId().equals("org.junit.platform")
                    || (d.getGroupId().equals("dev.agentbus")
                        && d.getArtifactId().equals("bus-junit5")));
  }

  private static String recommendedVersion() {
    Properties properties = new Properties();
    try (InputStream in = TestRunnerCheck.class.getResourceAsStream("test-runners.properties")) {
      if (in == null) {
        throw new IllegalStateException("test-runners.properties is missing from the plugin's jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read test-runners.properties from the plugin's jar", e);
    }
    return properties.getProperty("recommended");
  }
}
