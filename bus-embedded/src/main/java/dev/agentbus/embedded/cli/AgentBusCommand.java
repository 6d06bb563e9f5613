package dev.agentbus.embedded.cli;

import dev.agentbus.embedded.AgentBusServer;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code agent-bus.jar} command line.
 *
 * <pre>
 * java -jar agent-bus.jar serve [options]   run a bus until SIGTERM or Ctrl-C
 * </pre>
 *
 * Exit codes: 0 after a clean stop, 1 when the bus cannot start (port taken), 2 for a usage error.
 */
public final class AgentBusCommand {

  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private AgentBusCommand() {}

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out).print(ServeOptions.USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (command) {
        case "serve" -> serve(ServeOptions.parse(rest), out, err);
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("agent-bus: " + e.getMessage());
      err.print(ServeOptions.USAGE);
      return 2;
    }
  }

  private static int serve(ServeOptions options, PrintStream out, PrintStream err) {
    // Undertow and XNIO announce their versions at INFO; a quiet console is part of the product.
    Logger xnio = Logger.getLogger("org.xnio");
    Logger undertow = Logger.getLogger("io.undertow");
    xnio.setLevel(Level.WARNING);
    undertow.setLevel(Level.WARNING);
    AgentBusServer.Builder builder = options.toBuilder();
    if (!options.quiet()) {
      builder.requestLog(
          line -> out.println(LocalTime.now(ZoneOffset.UTC).format(LOG_TIME) + " " + line));
    }
    AgentBusServer server;
    try {
      server = builder.start();
    } catch (AgentBusServer.PortInUseException e) {
      err.println("agent-bus: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.println("agent-bus stopped");
                  out.flush();
                  stopped.countDown();
                },
                "agent-bus-shutdown"));
    out.println("agent-bus listening on " + server.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
