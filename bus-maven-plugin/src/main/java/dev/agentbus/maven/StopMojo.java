package dev.agentbus.maven;

import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Stops the bus {@code bus:start} started for this project, answering every parked poll, and writes
 * what crossed it under {@code target/agent-bus/}: each namespace's journal as JSON lines ({@code
 * journal/}), their index ({@code traffic.json}), a summary for humans ({@code summary.txt}), every
 * namespace's transcript ({@code transcript.txt}), and each namespace's traffic as an HTML page
 * ({@code pages/}) with the page that lists them, failures first ({@code index.html}). Runs in
 * {@code post-integration-test}, which Maven reaches also when integration tests failed; {@code
 * failsafe:verify} fails the build only later.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractBusMojo {

  /** Skips this goal when integration tests are skipped, as failsafe does. */
  @Parameter(property = "skipITs", defaultValue = "false")
  private boolean skipITs;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped(skipITs, "agent-bus not stopped")) {
      return;
    }
    RunningBus running = RunningBus.of(project).orElse(null);
    if (running == null) {
      getLog()
          .warn(
              "no agent-bus is running for "
                  + project.getArtifactId()
                  + ": bind bus:start to an earlier phase of this project (it defaults to"
                  + " pre-integration-test)");
      return;
    }
    try {
      running.stop();
    } catch (IOException e) {
      throw new MojoExecutionException(
          "agent-bus stopped, but its traffic could not be written to "
              + running.capture().path()
              + ": "
              + e.getMessage(),
          e);
    }
    FailedBus.check(running.server());
  }
}
