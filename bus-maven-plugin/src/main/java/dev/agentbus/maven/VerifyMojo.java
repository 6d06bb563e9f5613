package dev.agentbus.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Fails the build when the traffic {@code bus:stop} saved shows agents that misrouted messages: a
 * channel mismatch, a message that reached nobody, a message evicted before anybody read it, a
 * message whose journal entries were dropped before anybody read it, or a request the bus refused.
 * The failure names each one with its diagnosis. Each rule can be switched off.
 *
 * <p>It reads the files under {@code target/agent-bus/}, not a live bus, so it also works when the
 * bus ran in another execution or an earlier invocation of Maven.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractBusMojo {

  /** Skips this goal when integration tests are skipped: there is no traffic to judge. */
  @Parameter(property = "skipITs", defaultValue = "false")
  private boolean skipITs;

  /** Where {@code bus:stop} wrote the traffic. */
  @Parameter(
      property = "agentbus.reportDirectory",
      defaultValue = "${project.build.directory}/agent-bus")
  private File reportDirectory;

  /** Fails the build when a message reached nobody because its recipient polled other channels. */
  @Parameter(property = "agentbus.failOnChannelMismatch", defaultValue = "true")
  private boolean failOnChannelMismatch;

  /**
   * Fails the build when a message reached nobody for another reason: its recipient never polled,
   * polled past it, or had not polled again by the end.
   */
  @Parameter(property = "agentbus.failOnUndelivered", defaultValue = "true")
  private boolean failOnUndelivered;

  /**
   * Fails the build when a message was evicted before any poll returned it: its queue was full
   * ({@code maxQueue}) or its namespace had to make room in the memory budget. Counted exactly,
   * even where the journal no longer holds the message.
   */
  @Parameter(property = "agentbus.failOnEvicted", defaultValue = "true")
  private boolean failOnEvicted;

  /**
   * Fails the build when the journal gave up the entries of messages that no poll had returned yet
   * (for its {@code journalLimit} or the memory budget): what became of them can no longer be told.
   */
  @Parameter(property = "agentbus.failOnDroppedRecords", defaultValue = "true")
  private boolean failOnDroppedRecords;

  /** Fails the build when the bus refused a request (bad input, missing token, firewall). */
  @Parameter(property = "agentbus.failOnRejected", defaultValue = "true")
  private boolean failOnRejected;

  /**
   * Namespaces whose traffic is not judged, for tests that misconfigure agents on purpose: regular
   * expressions, each matching a whole namespace id, e.g. {@code misrouted-.*}; in the POM one
   * {@code <excludeNamespace>} each, on the command line separated by commas. The build log names
   * every namespace left out.
   */
  @Parameter(property = "agentbus.excludeNamespaces")
  private List<String> excludeNamespaces;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped(skipITs, "agent-bus traffic not verified")) {
      return;
    }
    // said again at the end of the build, where a green build is read: no test may have run
    TestRunnerCheck.outdated(project).forEach(runner -> getLog().warn(runner.warning()));
    CaptureDirectory capture = new CaptureDirectory(reportDirectory.toPath());
    TrafficRules rules = new TrafficRules(rulesSwitchedOn(), patterns(excludeNamespaces));
    List<String> excluded = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    BuildSummary.Tally tally = new BuildSummary.Tally();
    try {
      // Judged as read: only the violations are kept, never the whole build's traffic.
      capture.read(
          report -> {
            tally.add(report);
            if (rules.excludes(report)) {
              excluded.add(BuildSummary.name(report));
            } else {
              violations.addAll(rules.check(List.of(report)));
            }
          });
    } catch (NoSuchFileException e) {
      throw new MojoExecutionException(
          "no agent-bus traffic to verify: "
              + capture.file(CaptureDirectory.INDEX_FILE)
              + " does not exist. Run bus:start and bus:stop in this build before bus:verify"
              + " (their default phases are pre- and post-integration-test), or point"
              + " agentbus.reportDirectory at where bus:stop wrote it");
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException(
          "cannot read the agent-bus traffic in "
              + capture.path()
              + ": "
              + e.getMessage()
              + ". Delete the directory and run the integration tests again",
          e);
    }
    if (!excluded.isEmpty()) {
      getLog()
          .info(
              "agent-bus traffic not judged in "
                  + excluded.size()
                  + " namespace(s) (agentbus.excludeNamespaces): "
                  + String.join(", ", excluded.subList(0, Math.min(excluded.size(), 20)))
                  + (excluded.size() > 20 ? ", ..." : ""));
    }
    if (!violations.isEmpty()) {
      throw new MojoFailureException(
          TrafficRules.failureMessage(
              violations, readable(capture.file(CaptureDirectory.SUMMARY_FILE))));
    }
    getLog().info("agent-bus traffic verified: " + tally.headline());
  }

  private EnumSet<TrafficRule> rulesSwitchedOn() {
    EnumSet<TrafficRule> on = EnumSet.noneOf(TrafficRule.class);
    if (failOnChannelMismatch) {
      on.add(TrafficRule.CHANNEL_MISMATCH);
    }
    if (failOnUndelivered) {
      on.add(TrafficRule.UNDELIVERED);
    }
    if (failOnEvicted) {
      on.add(TrafficRule.EVICTED);
    }
    if (failOnDroppedRecords) {
      on.add(TrafficRule.DROPPED_RECORDS);
    }
    if (failOnRejected) {
      on.add(TrafficRule.REJECTED);
    }
    return on;
  }

  private static List<Pattern> patterns(List<String> expressions) throws MojoExecutionException {
    List<Pattern> patterns = new ArrayList<>();
    if (expressions == null) {
      return patterns;
    }
    for (String expression : expressions) {
      if (expression == null || expression.isBlank()) {
        continue;
      }
      try {
        patterns.add(Pattern.compile(expression.strip()));
      } catch (PatternSyntaxException e) {
        throw new MojoExecutionException(
            "agentbus.excludeNamespaces holds '"
                + expression.strip()
                + "', which is not a regular expression ("
                + e.getDescription()
                + "): give expressions that match whole namespace ids, e.g. misrouted-.*, one"
                + " <excludeNamespace> each in the POM or separated by commas on the command line");
      }
    }
    return patterns;
  }

  /** Relative to where Maven was started when under it: shorter, and the same on every machine. */
  private static String readable(Path file) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }
}
