package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.report.HtmlReport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bus that runs until it is told to stop or a time limit passes, printing its traffic as it
 * crosses: what {@code bus:run} does, without Maven around it. Thread-safe: {@link #stop()} may be
 * called from any thread (a shutdown hook, a test), any number of times.
 */
final class ForegroundBus {

  /** The longest wait, once stopped, for the namespaces dropped last to be summed up. */
  static final Duration FINISH_TIMEOUT = Duration.ofSeconds(5);

  private final AgentBusServer server;
  private final LiveTraffic traffic;
  private final Consumer<String> out;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * @param server a started server, built with {@link LiveTraffic#watch}; this object closes it
   * @param traffic what prints the server's traffic
   * @param out receives the lines of this object, on the thread that calls {@link #run}
   */
  ForegroundBus(AgentBusServer server, LiveTraffic traffic, Consumer<String> out) {
    this.server = server;
    this.traffic = traffic;
    this.out = out;
  }

  AgentBusServer server() {
    return server;
  }

  /**
   * Prints the URL, then each journal entry worth a line, until {@link #stop()}, the limit or the
   * bus failing ({@link AgentBusServer#failure()} tells); then stops the server (answering parked
   * polls), prints what is left and sums the traffic up.
   *
   * @param limit how long to run, or {@code null} to run until {@link #stop()}
   * @param token the bearer token the bus requires, or {@code null}, for the readiness check
   * @return the summary of every namespace's traffic, the root's first
   * @throws IOException if the bus does not answer once started
   * @throws InterruptedException if the calling thread is interrupted; the bus is stopped then too
   */
  BuildSummary run(Duration limit, String token) throws IOException, InterruptedException {
    // A bus that fails serves nothing more: the run ends at once, and the goal fails with why.
    server.onFailure(error -> stop());
    traffic.showRoot(server);
    try {
      HealthCheck.await(server.url(), token);
      out.accept("agent-bus listening on " + server.url());
      out.accept("traffic report (live, in a browser): " + HtmlReport.liveUrl(server.url()));
      out.accept("agents: export AGENT_BUS_URL=" + server.url() + " AGENT_BUS_UA=Mozilla/5.0");
      out.accept(limit == null ? "Ctrl-C stops it" : "stops in " + limit.toSeconds() + " s");
      if (limit == null) {
        stopped.await();
      } else {
        stopped.await(limit.toNanos(), TimeUnit.NANOSECONDS);
      }
    } finally {
      try {
        traffic.stopPrinting();
      } finally {
        server.close();
      }
    }
    return traffic.finish(server, FINISH_TIMEOUT);
  }

  /** Ends {@link #run}, which then stops the server. Idempotent. */
  void stop() {
    stopped.countDown();
  }
}
