package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs a bus in the foreground for working with agents by hand (Python agents, assistant sessions,
 * curl): prints its URL, then each message as it crosses (time, sender, recipient, channel, first
 * line of the body), each refused request, and the first poll of each recipient on each channel (a
 * long-poll as soon as it parks). Ends on Ctrl-C or after {@code agentbus.runSeconds}, with a
 * one-line summary. Shows the root namespace's traffic; agents in {@code /ns/<id>} namespaces are
 * served but not shown.
 *
 * <p>Needs no project: {@code mvn bus:run} works in any folder whose POM declares the plugin, or
 * anywhere once {@code dev.agentbus} is in the {@code pluginGroups} of {@code settings.xml}.
 */
@Mojo(name = "run", requiresProject = false, threadSafe = true)
public class RunMojo extends AbstractServerMojo {

  /** The port to listen on, as {@code agent-bus.jar serve}; 0 lets the OS pick a free one. */
  @Parameter(property = "agentbus.port", defaultValue = "8080")
  private int port;

  /** Stops the bus after this many seconds; 0, the default, runs it until Ctrl-C. */
  @Parameter(property = "agentbus.runSeconds", defaultValue = "0")
  private int runSeconds;

  @Override
  protected int port() {
    return port;
  }

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("agent-bus not run: agentbus.skip is set");
      return;
    }
    if (runSeconds < 0) {
      throw new MojoExecutionException(
          "agentbus.runSeconds must be 0 (until Ctrl-C) or a positive number of seconds, got "
              + runSeconds);
    }
    AgentBusServer server =
        start(
            serverParameters().toBuilder(),
            "pass -Dagentbus.port=<a free port>, or 0 for one the OS picks");
    ForegroundBus bus = new ForegroundBus(server, getLog()::info);
    // Ctrl-C ends Maven's JVM through its shutdown hooks: this one stops the bus first, so that
    // parked agents get their answer instead of a reset connection.
    Thread onCtrlC = new Thread(bus::stop, "agent-bus-run-ctrl-c");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    TrafficReport traffic;
    try {
      traffic = bus.run(runSeconds == 0 ? null : Duration.ofSeconds(runSeconds), token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("bus:run was interrupted; the bus is stopped", e);
    } catch (IOException e) {
      throw new MojoExecutionException("agent-bus did not answer: " + e.getMessage(), e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs anyway
      }
      bus.stop();
    }
    getLog().info("agent-bus stopped: " + BuildSummary.headline(List.of(traffic)));
  }
}
