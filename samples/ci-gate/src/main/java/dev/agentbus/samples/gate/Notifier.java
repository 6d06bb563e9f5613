package dev.agentbus.samples.gate;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.Map;

/**
 * Hears that builds finished and acknowledges each one to its sender ({@code build 42 finished} is
 * answered with {@code ack build 42 finished}), as it runs in the field: configured from the
 * environment ({@code AGENT_BUS_URL}, {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL}).
 */
public final class Notifier implements AutoCloseable {

  private final AgentBusClient client;
  private volatile Listener listener;

  private Notifier(AgentBusClient client) {
    this.client = client;
  }

  /**
   * @param environment the deployment's variables, {@code System.getenv()} in production
   * @return the notifier, not yet listening
   */
  public static Notifier fromEnvironment(Map<String, String> environment) {
    return new Notifier(AgentBusClient.builderFromEnvironment(environment).build());
  }

  /**
   * Runs the notifier until the process is stopped (SIGTERM, Ctrl-C).
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Notifier notifier = fromEnvironment(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(notifier::close));
    notifier.start();
    while (!notifier.listener.awaitStopped(Duration.ofMinutes(1))) {
      // a daemon agent: it runs until stopped
    }
  }

  /** Starts listening. */
  public void start() {
    listener = client.listen(this::acknowledge);
  }

  private void acknowledge(BusMessage notification) {
    client.send(notification.from(), "ack " + notification.msg());
  }

  /** Stops listening and releases the client. */
  @Override
  public void close() {
    client.close();
  }
}
