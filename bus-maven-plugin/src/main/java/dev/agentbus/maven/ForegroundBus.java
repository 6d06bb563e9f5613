package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.JournalSubscription;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A bus that runs until it is told to stop or a time limit passes, printing its root namespace's
 * traffic as it crosses, and each recipient's first poll on a channel as soon as it parks: what
 * {@code bus:run} does, without Maven around it. Thread-safe: {@link #stop()} may be called from
 * any thread (a shutdown hook, a test), any number of times.
 */
final class ForegroundBus {

  private final AgentBusServer server;
  private final Consumer<String> out;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * @param server a started server; this object closes it
   * @param out receives each line to print, from the journal listener's thread or the caller's
   */
  ForegroundBus(AgentBusServer server, Consumer<String> out) {
    this.server = server;
    this.out = out;
  }

  AgentBusServer server() {
    return server;
  }

  /**
   * Prints the URL, then each journal entry worth a line, until {@link #stop()} or the limit; then
   * stops the server.
   *
   * @param limit how long to run, or {@code null} to run until {@link #stop()}
   * @param token the bearer token the bus requires, or {@code null}, for the readiness check
   * @return the root namespace's traffic once stopped
   * @throws IOException if the bus does not answer once started
   * @throws InterruptedException if the calling thread is interrupted; the bus is stopped then too
   */
  TrafficReport run(Duration limit, String token) throws IOException, InterruptedException {
    TrafficLine lines = new TrafficLine(ZoneId.systemDefault());
    // Two threads feed the lines: the journal's entries, and the polls as they park.
    try (JournalSubscription printing =
            server.root().journal().listen(1, entry -> print(lines, l -> l.format(entry)));
        ParkedPollWatch parked =
            ParkedPollWatch.start(server.root(), poll -> print(lines, l -> l.format(poll)))) {
      HealthCheck.await(server.url(), token);
      out.accept("agent-bus listening on " + server.url());
      out.accept("agents: export AGENT_BUS_URL=" + server.url() + " AGENT_BUS_UA=Mozilla/5.0");
      out.accept(limit == null ? "Ctrl-C stops it" : "stops in " + limit.toSeconds() + " s");
      if (limit == null) {
        stopped.await();
      } else {
        stopped.await(limit.toNanos(), TimeUnit.NANOSECONDS);
      }
    } finally {
      server.close();
    }
    return server.root().traffic();
  }

  private void print(TrafficLine lines, Function<TrafficLine, Optional<String>> line) {
    synchronized (lines) {
      line.apply(lines).ifPresent(out);
    }
  }

  /** Ends {@link #run} and stops the server, answering parked polls. Idempotent. */
  void stop() {
    server.close();
    stopped.countDown();
  }
}
