package dev.agentbus.samples.team;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every agent of the team shares: a client configured from the environment ({@code
 * AGENT_BUS_URL}, {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL}, {@code AGENT_BUS_UA}, as the
 * public Python clients read them), one listen loop that hands each message to {@link #handle}, and
 * a clean shutdown.
 */
public abstract class TeamAgent implements AutoCloseable {

  private final AgentBusClient client;
  private volatile Listener listener;

  /**
   * @param environment the agent's configuration, {@code System.getenv()} in production
   */
  protected TeamAgent(Map<String, String> environment) {
    this.client = AgentBusClient.builderFromEnvironment(environment).build();
  }

  /** Starts listening: from now on each message to this agent reaches {@link #handle}. */
  public void start() {
    listener =
        client.listen(
            this::handle, error -> System.err.println(name() + ": " + error.getMessage()));
  }

  /**
   * Handles one message, on the listener's thread; messages come one at a time, in order.
   *
   * @param message the message
   */
  protected abstract void handle(BusMessage message);

  /**
   * @return the client, to send with
   */
  protected AgentBusClient bus() {
    return client;
  }

  /**
   * @return the agent's name on the bus
   */
  public String name() {
    return client.name();
  }

  /**
   * @return what went wrong in the listen loop: handler exceptions and the error that stopped it
   */
  public List<AgentBusException> failures() {
    return client.listenerFailures();
  }

  /** Stops the listen loop (a poll in flight is abandoned) and releases the client. */
  @Override
  public void close() {
    client.close();
  }

  /**
   * Runs an agent as its own process: listens until the JVM is asked to stop (SIGTERM, Ctrl-C).
   *
   * @param agent the agent
   * @throws InterruptedException if the main thread is interrupted
   */
  static void runUntilStopped(TeamAgent agent) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown-" + agent.name()));
    agent.start();
    System.out.println(agent.name() + " listening on channel " + agent.client.channel());
    while (!agent.listener.awaitStopped(Duration.ofMinutes(1))) {
      // a daemon agent: it runs until stopped
    }
  }
}
