package dev.agentbus.junit5;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.Listener;
import dev.agentbus.embedded.NamespaceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * After a test: lets the listeners of its agents finish what the bus already delivered to them,
 * stops them, and turns what failed in them into the test's failure. Without it a failed assertion
 * in a {@code listen} handler ends only that listener's thread, and the test passes.
 */
final class ListenerCheck {

  /** The longest wait for listeners to settle; a test whose agents never go quiet pays it. */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

  /** One wait on the bus, short enough to notice a listener that stopped meanwhile. */
  private static final long SLICE_NANOS = Duration.ofMillis(25).toNanos();

  private ListenerCheck() {}

  /**
   * Waits until every agent with a running listener has a poll parked on the bus again (it handled
   * everything delivered before) or its listeners stopped, for up to {@link #SETTLE_TIMEOUT}; then
   * stops every listener (each closes within a few seconds, after the message in hand).
   *
   * @param namespace the test's namespace, where the agents' polls park
   * @param clients the test's agents, in the order they were created
   * @return the failure for the test, or {@code null} when no listener failed
   */
  static AssertionError settleAndStop(NamespaceView namespace, List<AgentBusClient> clients) {
    settle(namespace, clients);
    for (AgentBusClient client : clients) {
      client.listeners().forEach(Listener::close);
    }
    return failure(clients);
  }

  private static void settle(NamespaceView namespace, List<AgentBusClient> clients) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    boolean settled = false;
    // A handler may send to another agent's listener, so settle until one pass finds all quiet.
    while (!settled && System.nanoTime() < deadline) {
      settled = true;
      for (AgentBusClient client : clients) {
        if (isListening(client) && !parked(namespace, client, deadline)) {
          settled = false;
        }
      }
    }
  }

  private static boolean isListening(AgentBusClient client) {
    return client.listeners().stream().anyMatch(Listener::isRunning);
  }

  private static boolean parked(NamespaceView namespace, AgentBusClient client, long deadline) {
    long slice = Math.max(0, Math.min(SLICE_NANOS, deadline - System.nanoTime()));
    try {
      return namespace.awaitPolling(client.name(), client.channel(), Duration.ofNanos(slice));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true; // stop waiting; the listeners are closed next all the same
    }
  }

  private static AssertionError failure(List<AgentBusClient> clients) {
    List<Failed> failed = new ArrayList<>();
    for (AgentBusClient client : clients) {
      client.listenerFailures().forEach(f -> failed.add(new Failed(client.name(), f)));
    }
    if (failed.isEmpty()) {
      return null;
    }
    int more = failed.size() - 1;
    AssertionError test =
        failed
            .get(0)
            .toAssertion(
                more == 0
                    ? ""
                    : " (and " + more + " more failure" + (more == 1 ? "" : "s") + ", suppressed)");
    for (Failed other : failed.subList(1, failed.size())) {
      test.addSuppressed(other.toAssertion(""));
    }
    return test;
  }

  /**
   * @param agent the agent whose listener failed
   * @param failure what its client recorded
   */
  private record Failed(String agent, AgentBusException failure) {

    /** The handler's own exception is the cause: for an assertion, the diff an IDE shows. */
    AssertionError toAssertion(String more) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      return new AssertionError(
          "agent "
              + agent
              + "'s listener failed"
              + more
              + ": "
              + failure.getMessage()
              + "\n(a failure in a listener of an injected agent fails its test; catch in the"
              + " handler what the test should tolerate)",
          cause);
    }
  }
}
