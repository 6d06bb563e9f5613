package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Fails the goal that stops a bus which failed while it ran (an {@code OutOfMemoryError} on one of
 * its threads, say): such a bus stopped serving, so tests that used it ran against a dead bus and
 * its captured traffic ends early. A build that passed over this would report success on a run that
 * did not happen as reported.
 */
final class FailedBus {

  private FailedBus() {}

  /**
   * @param server the bus, stopped or not
   * @throws MojoFailureException naming the error and what to do, if the bus failed
   */
  static void check(AgentBusServer server) throws MojoFailureException {
    var failure = server.failure();
    if (failure.isPresent()) {
      throw new MojoFailureException(
          "agent-bus failed while it ran and stopped serving: "
              + failure.get()
              + ". Requests after that were refused with 503 and its traffic ends there. Give"
              + " Maven's JVM more heap (MAVEN_OPTS=-Xmx...) or the bus a smaller"
              + " agentbus.memoryBudget");
    }
  }
}
