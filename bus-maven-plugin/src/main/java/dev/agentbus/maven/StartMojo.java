package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import java.io.File;
import java.io.IOException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Starts a bus inside the build's JVM for the integration tests, and returns once it answers. Sets
 * the project properties {@code agentbus.url}, {@code agentbus.host} and {@code agentbus.port}, so
 * that failsafe can hand {@code ${agentbus.url}} to the tests, and writes the URL to {@code
 * target/agent-bus/url.txt} for anything else that wants it. {@code bus:stop}, or at the latest the
 * end of the build, stops it.
 *
 * <p>Each module of a reactor gets its own bus, also when modules build in parallel.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractServerMojo {

  /** Where the URL file and, once the bus stops, its traffic go. */
  @Parameter(
      property = "agentbus.reportDirectory",
      defaultValue = "${project.build.directory}/agent-bus")
  private File reportDirectory;

  /** Skips this goal when integration tests are skipped, as failsafe does. */
  @Parameter(property = "skipITs", defaultValue = "false")
  private boolean skipITs;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Override
  public void execute() throws MojoExecutionException {
    if (skipped(skipITs, "agent-bus not started")) {
      return;
    }
    TestRunnerCheck.outdated(project).forEach(runner -> getLog().warn(runner.warning()));
    if (RunningBus.of(project).isPresent()) {
      throw new MojoExecutionException(
          "bus:start already started a bus for "
              + project.getArtifactId()
              + " at "
              + RunningBus.of(project).get().server().url()
              + ": run bus:stop before starting another, or remove the second bus:start execution");
    }
    ServerBuilder builder = serverBuilder();
    CaptureDirectory capture = new CaptureDirectory(reportDirectory.toPath());
    try {
      capture.clear();
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot clear the last build's traffic in " + capture.path() + ": " + e.getMessage(), e);
    }
    TrafficCapture traffic = new TrafficCapture(capture);
    DroppedNamespaceKeeper dropped = new DroppedNamespaceKeeper(traffic, getLog());
    AgentBusServer server =
        start(
            builder.onNamespaceDropped(dropped),
            "pick a free port, or leave agentbus.port at 0 (the default) for one the OS picks");
    try {
      HealthCheck.await(server.url(), token);
      String url = server.url().toString();
      project.getProperties().setProperty("agentbus.url", url);
      project.getProperties().setProperty("agentbus.host", server.host());
      project.getProperties().setProperty("agentbus.port", Integer.toString(server.port()));
      capture.writeUrl(url);
      RunningBus running = RunningBus.attach(project, server, traffic, dropped, getLog());
      BuildEndGuard.install(session, project, running, getLog());
      getLog().info("agent-bus started on " + url + " (project property agentbus.url)");
    } catch (IOException | RuntimeException e) {
      server.close();
      throw new MojoExecutionException("agent-bus did not start: " + e.getMessage(), e);
    }
  }
}
