package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * The bus {@code bus:start} started for one project, kept in that project's context until {@code
 * bus:stop} (or the build's end, whichever comes first) stops it and saves its traffic. Each
 * project of a reactor has its own, so parallel modules never share a bus by accident.
 *
 * <p>Thread-safe: {@link #stop()} may race between {@code bus:stop} and the build-end guard; it
 * runs once.
 */
final class RunningBus {

  private static final String CONTEXT_KEY = RunningBus.class.getName();
  private static final Duration PENDING_WRITES = Duration.ofSeconds(60);

  private final AgentBusServer server;
  private final TrafficCapture capture;
  private final DroppedNamespaceKeeper dropped;
  private final Log log;
  private boolean stopped;

  private RunningBus(
      AgentBusServer server, TrafficCapture capture, DroppedNamespaceKeeper dropped, Log log) {
    this.server = server;
    this.capture = capture;
    this.dropped = dropped;
    this.log = log;
  }

  /**
   * Keeps a started server in the project's context.
   *
   * @param dropped the keeper the server reports dropped namespaces to
   * @return the handle to stop it with
   */
  static RunningBus attach(
      MavenProject project,
      AgentBusServer server,
      TrafficCapture capture,
      DroppedNamespaceKeeper dropped,
      Log log) {
    RunningBus running = new RunningBus(server, capture, dropped, log);
    project.setContextValue(CONTEXT_KEY, running);
    return running;
  }

  /**
   * @return the bus started for this project and not yet stopped, if any
   */
  static Optional<RunningBus> of(MavenProject project) {
    if (project.getContextValue(CONTEXT_KEY) instanceof RunningBus running && !running.stopped()) {
      return Optional.of(running);
    }
    return Optional.empty();
  }

  AgentBusServer server() {
    return server;
  }

  CaptureDirectory capture() {
    return capture.directory();
  }

  synchronized boolean stopped() {
    return stopped;
  }

  /**
   * Stops the bus (answering every parked poll) and saves its traffic: the namespaces dropped while
   * it ran, the root and those still open. Runs once; later calls return empty.
   *
   * @return the summary of every namespace's traffic, or empty if it was already stopped
   * @throws IOException if the traffic cannot be written; the bus is stopped all the same
   */
  synchronized Optional<BuildSummary> stop() throws IOException {
    if (stopped) {
      return Optional.empty();
    }
    stopped = true;
    List<BusNamespace> open = new ArrayList<>();
    try {
      open.add(server.root());
      open.addAll(server.namespaces());
    } finally {
      server.close();
      capture.directory().deleteUrl();
    }
    try {
      dropped.finish(PENDING_WRITES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn(
          "interrupted while writing the traffic of dropped namespaces; the report may miss some");
    }
    for (BusNamespace namespace : open) {
      capture.add(namespace);
    }
    BuildSummary summary = capture.finish();
    log.info("agent-bus stopped: " + summary.headline());
    log.info("agent-bus traffic written to " + capture.directory().path());
    log.info(
        "agent-bus traffic report: "
            + capture.directory().file(CaptureDirectory.REPORT_INDEX_FILE));
    return Optional.of(summary);
  }
}
