package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.ServerOption;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs a bus in the foreground for working with agents by hand (Python agents, assistant sessions,
 * curl): prints its URL, then each message as it crosses (time, namespace, sender, recipient,
 * channel, first line of the body), each refused request, and the first poll of each recipient on
 * each channel (a long-poll as soon as it parks), in every namespace: a line of a namespace under
 * {@code /ns/<id>} names it after the time, a line of the root names none. Ends on Ctrl-C or after
 * {@code agentbus.runSeconds}, with a one-line summary of every namespace.
 *
 * <p>Needs no project: {@code mvn bus:run} works in any folder whose POM declares the plugin, or
 * anywhere once {@code dev.agentbus} is in the {@code pluginGroups} of {@code settings.xml}.
 */
@Mojo(name = "run", requiresProject = false, threadSafe = true)
public class RunMojo extends AbstractServerMojo {

  /**
   * How long Ctrl-C waits for the bus to stop and the summary to be printed before Maven's JVM
   * exits all the same.
   */
  static final Duration CTRL_C_GRACE = Duration.ofSeconds(15);

  /** Stops the bus after this many seconds; 0, the default, runs it until Ctrl-C. */
  @Parameter(property = "agentbus.runSeconds", defaultValue = "0")
  private int runSeconds;

  /**
   * Shows the traffic of every namespace, each line naming its {@code /ns/<id>}; {@code false}
   * shows the root's only (the summary counts every namespace all the same).
   */
  @Parameter(property = "agentbus.showNamespaces", defaultValue = "true")
  private boolean showNamespaces;

  /** Listens where {@code serve} does, unless told otherwise: a bus run by hand keeps its URL. */
  @Override
  protected void goalDefaults(ServerBuilder builder) {
    builder.port(ServerOption.FOREGROUND_PORT);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped(false, "agent-bus not run")) {
      return;
    }
    if (runSeconds < 0) {
      throw new MojoExecutionException(
          "agentbus.runSeconds must be 0 (until Ctrl-C) or a positive number of seconds, got "
              + runSeconds);
    }
    LiveTraffic traffic = new LiveTraffic(getLog()::info, ZoneId.systemDefault(), showNamespaces);
    AgentBusServer server =
        start(
            traffic.watch(serverBuilder()),
            "pass -Dagentbus.port=<a free port>, or 0 for one the OS picks");
    ForegroundBus bus = new ForegroundBus(server, traffic, getLog()::info);
    CountDownLatch summed = new CountDownLatch(1);
    // Ctrl-C (SIGINT) and SIGTERM run the JVM's shutdown hooks, and the JVM halts the moment the
    // last one returns, whatever its other threads are doing. Ending the run is not enough: this
    // hook waits until the goal has stopped the bus and printed the summary.
    Thread onCtrlC = new Thread(() -> stopAndWait(bus, summed), "agent-bus-run-ctrl-c");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      BuildSummary summary = run(bus, onCtrlC);
      getLog().info("agent-bus stopped: " + summary.headline());
      FailedBus.check(server);
    } finally {
      summed.countDown();
    }
  }

  private BuildSummary run(ForegroundBus bus, Thread onCtrlC) throws MojoExecutionException {
    try {
      return bus.run(runSeconds == 0 ? null : Duration.ofSeconds(runSeconds), token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("bus:run was interrupted; the bus is stopped", e);
    } catch (IOException e) {
      throw new MojoExecutionException("agent-bus did not answer: " + e.getMessage(), e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs, and waits for the summary
      }
      bus.stop();
      bus.server().close();
    }
  }

  /** In the shutdown hook: ends the run and lets the goal finish, for a bounded time. */
  private static void stopAndWait(ForegroundBus bus, CountDownLatch summed) {
    bus.stop();
    try {
      if (summed.await(CTRL_C_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // the goal did not get there in time: at least answer the parked polls before the JVM halts
    bus.server().close();
  }
}
