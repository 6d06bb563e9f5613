package dev.agentbus.embedded.cli;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.CursorNotSavedException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendAck;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code send} and {@code recv}: drop-in counterparts of the public {@code bus_send.py} and {@code
 * bus_recv.py}, configured by the same environment variables.
 */
final class ClientCommands {

  static final String USAGE =
      """
      usage: java -jar agent-bus.jar send <to>              body from stdin; prints the bus's JSON ack
             java -jar agent-bus.jar recv <name> [--count N] prints one block per message until stopped
      environment: AGENT_BUS_URL (required), AGENT_NAME (sender, default "agent"),
        AGENT_BUS_CHANNEL (default "default"), AGENT_BUS_UA (default Mozilla/5.0),
        AGENT_BUS_TOKEN (bearer token), AGENT_BUS_STATE_DIR (where recv keeps its cursor;
        default $XDG_STATE_HOME/agent-bus or ~/.local/state/agent-bus),
        AGENT_BUS_NO_CURSOR=1 (recv keeps none), AGENT_BUS_QUIET=1 (no warnings)
      """;

  private static final DateTimeFormatter BLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private ClientCommands() {}

  static int send(
      String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err)
      throws UsageException {
    if (args.length != 1) {
      throw new UsageException("send takes exactly one argument, the recipient");
    }
    String body;
    try (AgentBusClient client = client(env, new CliWarnings(env, err)).build()) {
      try {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("agent-bus: cannot read the message from stdin: " + e.getMessage());
        return 1;
      }
      SendAck ack = client.send(args[0], body);
      out.println(ProtocolJson.writeString(ack));
      return 0;
    } catch (AgentBusException e) {
      err.println("agent-bus: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Prints each message as {@code bus_recv.py} does, flushed at once so that line-driven monitors
   * see it as it arrives. Resumes from its cursor file, retries with backoff while the bus is
   * unavailable (403, 408, 429, 5xx, no answer; one line per outage), stops with the bus's reason
   * on any other refusal (exit 1). Runs until SIGTERM or Ctrl-C, or until {@code --count} messages
   * were printed.
   */
  static int recv(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    if (args.length != 1 && !(args.length == 3 && args[1].equals("--count"))) {
      throw new UsageException("recv takes the agent's name, then optionally --count N");
    }
    int count = args.length == 3 ? positive(args[2]) : Integer.MAX_VALUE;
    CliWarnings warnings = new CliWarnings(env, err);
    AgentBusClient.Builder builder = client(env, warnings).name(args[0]);
    builder.stateDirectory(StateFolder.resolve(env).orElse(null)); // also honours NO_CURSOR
    try (AgentBusClient client = builder.build()) {
      AtomicInteger printed = new AtomicInteger();
      AtomicReference<Listener> self = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      Listener listener =
          client.listen(
              message -> {
                out.print(block(message));
                out.flush();
                if (printed.incrementAndGet() == count) {
                  awaitQuietly(started);
                  self.get().close(); // the rest of the batch stays for the next recv
                }
              },
              error -> report(error, warnings, err));
      self.set(listener);
      started.countDown();
      Thread stop = new Thread(listener::close, "agent-bus-recv-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      try {
        while (!listener.awaitStopped(Duration.ofDays(1))) {
          // stops on --count, a refusal, or the shutdown hook
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      removeHook(stop);
      return listener.failure().isPresent() ? 1 : 0;
    }
  }

  private static void report(AgentBusException error, CliWarnings warnings, PrintStream err) {
    if (error instanceof CursorNotSavedException) {
      warnings.accept(error.getMessage());
      return;
    }
    if (error instanceof BusRejectedException rejected && !rejected.isWorthRetrying()) {
      err.println("agent-bus: " + error.getMessage());
    } else {
      err.println("# bus unavailable, retrying with backoff up to 5 s: " + error.getMessage());
    }
    err.flush();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running
    }
  }

  /**
   * The block {@code bus_recv.py} prints: {@code [HH:MM:SSZ] from <sender>:}, body, {@code ---}.
   */
  static String block(BusMessage message) {
    Instant at = Instant.ofEpochSecond(message.ts().longValue());
    return "["
        + BLOCK_TIME.format(at.atOffset(ZoneOffset.UTC))
        + "Z] from "
        + message.from()
        + ":\n"
        + message.msg()
        + "\n---\n";
  }

  private static AgentBusClient.Builder client(Map<String, String> env, CliWarnings warnings)
      throws UsageException {
    try {
      AgentBusClient.Builder builder =
          AgentBusClient.builderFromEnvironment(env).warnings(warnings);
      if (env.getOrDefault("AGENT_NAME", "").isBlank()) {
        builder.name("agent"); // the public bus_send.py's default sender
      }
      return builder;
    } catch (IllegalStateException e) {
      throw new UsageException(e.getMessage(), false);
    }
  }

  private static int positive(String text) throws UsageException {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--count must be a positive whole number, got '" + text + "'");
  }
}
