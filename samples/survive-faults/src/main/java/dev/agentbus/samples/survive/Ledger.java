package dev.agentbus.samples.survive;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a balance: each {@code DEPOSIT <id> <amount>} adds to it, and the ledger answers the sender
 * {@code BALANCE <total> after <id>}. A deposit lost on the way is money missing; a deposit handled
 * twice is money made up. So the ledger only survives a bad network if its listen loop hands it
 * every message exactly once, which {@code AgentBusClient.listen} does: it retries a failed poll
 * from the cursor of the last good one.
 *
 * <p>Configured from its environment ({@code AGENT_BUS_URL}, {@code AGENT_NAME}, {@code
 * AGENT_BUS_CHANNEL}, {@code AGENT_BUS_UA}), as a deployment gives it.
 */
public final class Ledger implements AutoCloseable {

  private static final Pattern DEPOSIT = Pattern.compile("DEPOSIT (\\S+) (\\d{1,9})");

  private final AgentBusClient client;
  private final List<String> deposits = new ArrayList<>(); // guarded by itself
  private long balance; // guarded by deposits
  private volatile Listener listener;

  private Ledger(Map<String, String> environment) {
    this.client = AgentBusClient.builderFromEnvironment(environment).build();
  }

  /**
   * @param environment {@code AGENT_BUS_*} and {@code AGENT_NAME}; {@code System.getenv()} in
   *     production
   * @return the ledger, not yet listening
   */
  public static Ledger fromEnvironment(Map<String, String> environment) {
    return new Ledger(environment);
  }

  /**
   * Runs a ledger until the process is stopped (SIGTERM, Ctrl-C).
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Ledger ledger = fromEnvironment(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(ledger::close, "shutdown-ledger"));
    ledger.start();
    while (!ledger.listener.awaitStopped(Duration.ofMinutes(1))) {
      // a daemon agent: it runs until stopped
    }
  }

  /** Starts listening: from now on each deposit to this agent is booked, in order. */
  public void start() {
    listener =
        client.listen(this::handle, error -> System.err.println("ledger: " + error.getMessage()));
  }

  private void handle(BusMessage message) {
    Matcher deposit = DEPOSIT.matcher(message.msg().strip());
    if (!deposit.matches()) {
      client.send(message.from(), "REFUSED not a deposit: " + message.msg());
      return;
    }
    long total;
    synchronized (deposits) {
      deposits.add(deposit.group(1));
      balance += Long.parseLong(deposit.group(2));
      total = balance;
    }
    client.send(message.from(), "BALANCE " + total + " after " + deposit.group(1));
  }

  /**
   * @return the ids of the deposits booked, in the order booked
   */
  public List<String> deposits() {
    synchronized (deposits) {
      return List.copyOf(deposits);
    }
  }

  /**
   * @return what went wrong in the listen loop: handler exceptions and the error that stopped it
   */
  public List<AgentBusException> failures() {
    return client.listenerFailures();
  }

  /** Stops the listen loop and releases the client. */
  @Override
  public void close() {
    client.close();
  }
}
