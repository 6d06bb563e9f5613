package dev.agentbus.samples.mismatch;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A helpdesk agent as it runs in the field: configured from the environment ({@code AGENT_BUS_URL},
 * {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL}), it listens on its channel and answers every
 * question with a ticket: {@code ticket 1: <question>}. It can also announce itself to an agent.
 */
public final class Helpdesk implements AutoCloseable {

  private final AgentBusClient client;
  private final AtomicInteger tickets = new AtomicInteger();
  private volatile Listener listener;

  private Helpdesk(AgentBusClient client) {
    this.client = client;
  }

  /**
   * @param environment the deployment's variables, {@code System.getenv()} in production
   * @return the helpdesk, not yet listening
   */
  public static Helpdesk fromEnvironment(Map<String, String> environment) {
    return new Helpdesk(AgentBusClient.builderFromEnvironment(environment).build());
  }

  /**
   * Runs the helpdesk until the process is stopped (SIGTERM, Ctrl-C).
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Helpdesk helpdesk = fromEnvironment(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(helpdesk::close));
    helpdesk.start();
    while (!helpdesk.listener.awaitStopped(Duration.ofMinutes(1))) {
      // a daemon agent: it runs until stopped
    }
  }

  /** Starts answering questions. */
  public void start() {
    listener = client.listen(this::answer);
  }

  /**
   * @param agent whom to tell that the helpdesk is open
   */
  public void announce(String agent) {
    client.send(agent, "helpdesk open: ask me anything");
  }

  private void answer(BusMessage question) {
    client.send(question.from(), "ticket " + tickets.incrementAndGet() + ": " + question.msg());
  }

  /** Stops listening and releases the client. */
  @Override
  public void close() {
    client.close();
  }
}
