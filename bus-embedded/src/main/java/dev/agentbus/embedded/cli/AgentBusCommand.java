package dev.agentbus.embedded.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.report.HtmlReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code agent-bus.jar} command line.
 *
 * <pre>
 * java -jar agent-bus.jar serve [options]   run a bus until SIGTERM or Ctrl-C
 * java -jar agent-bus.jar send TO           send stdin as a message (like bus_send.py)
 * java -jar agent-bus.jar recv NAME         print messages as they arrive (like bus_recv.py)
 * </pre>
 *
 * Exit codes: 0 on success or a clean stop, 1 when the bus cannot start (port taken) or refuses a
 * request, 2 for a usage error, 3 when a fatal error (e.g. an {@code OutOfMemoryError}) stopped the
 * bus.
 */
public final class AgentBusCommand {

  /** The exit code after an error the JVM cannot recover from, e.g. an OutOfMemoryError. */
  static final int EXIT_FATAL = 3;

  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private AgentBusCommand() {}

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    // Message bodies are any Unicode: never let the platform charset turn them into '?'.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    int code;
    try {
      code = run(args, out, err);
    } catch (Throwable error) {
      // Most likely out of memory: this thread's end would leave the bus's threads running deaf.
      code = EXIT_FATAL;
      try {
        err.println("agent-bus: stopped by a fatal error: " + error);
      } catch (Throwable unprintable) {
        // nothing more can be said; the exit code still says it
      }
    }
    if (code == EXIT_FATAL) {
      // The shutdown hooks would try to close a bus whose threads may be dead: halt instead.
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(code);
    }
    System.exit(code);
  }

  /**
   * Runs a command as {@link #main} does, but returns its exit code instead of ending the JVM: for
   * tools that show the usage ({@code serve --help}) or run {@code send} and {@code recv} in
   * process. {@code serve} blocks until the JVM shuts down.
   *
   * @param args the command line
   * @param out where the command's output goes
   * @param err where errors and the usage after a bad argument go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
      PrintStream to = args.length == 0 ? err : out;
      to.print(ServeOptions.usage());
      to.print(ClientCommands.USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.stream(rest).anyMatch(AgentBusCommand::isHelp)) {
      // Asked of send or recv too, so that --help is never sent a message or polled as a name.
      switch (command) {
        case "serve" -> out.print(ServeOptions.usage());
        case "send", "recv" -> out.print(ClientCommands.USAGE);
        default -> {
          return run(new String[] {command}, out, err);
        }
      }
      return 0;
    }
    try {
      return switch (command) {
        case "serve" -> serve(ServeOptions.parse(rest), out, err);
        case "send" -> ClientCommands.send(rest, System.getenv(), System.in, out, err);
        case "recv" -> ClientCommands.recv(rest, System.getenv(), out, err);
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("agent-bus: " + e.getMessage());
      if (!e.showUsage()) {
        return 2;
      }
      if (!command.equals("send") && !command.equals("recv")) {
        err.print(ServeOptions.usage());
      }
      if (!command.equals("serve")) {
        err.print(ClientCommands.USAGE);
      }
      return 2;
    }
  }

  /**
   * Bounds the heap cannot hold defeat themselves: the bus runs out of memory before it refuses
   * anything. Said, not refused: the heap may grow into what the JVM was given.
   */
  private static void warnIfBoundsPassTheHeap(AgentBusServer server, PrintStream err) {
    long heap = Runtime.getRuntime().maxMemory();
    long bounds = server.boundedBytes();
    if (bounds > heap / 5 * 4) {
      err.println(
          "agent-bus: warning: the memory budget and the caps on bytes in flight together ("
              + bounds
              + " bytes, with what the cap on connections lets idle ones hold) are more than four fifths of the heap ("
              + heap
              + " bytes): the bus may run out of memory before it refuses a request; give java a"
              + " larger -Xmx or the bus smaller bounds (--memory-budget, --max-*-bytes-in-flight,"
              + " --max-connections)");
      err.flush();
    }
  }

  /** A flag only: "help" alone may well name an agent. */
  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  private static int serve(ServeOptions options, PrintStream out, PrintStream err) {
    // Undertow and XNIO announce their versions at INFO; a quiet console is part of the product.
    Logger xnio = Logger.getLogger("org.xnio");
    Logger undertow = Logger.getLogger("io.undertow");
    xnio.setLevel(Level.WARNING);
    undertow.setLevel(Level.WARNING);
    options.notices().forEach(notice -> err.println("agent-bus: " + notice));
    ServerBuilder builder = options.toBuilder();
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
    } catch (OptionException e) {
      err.println("agent-bus: " + e.render(ServeOptions::flag));
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("agent-bus: " + e.getMessage());
      return 2;
    }
    warnIfBoundsPassTheHeap(server, err);
    MemoryGiveBack giveBack = MemoryGiveBack.start(err);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<String> fatal = new AtomicReference<>();
    server.onFailure(
        failure -> {
          fatal.set(failure);
          stopped.countDown();
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  giveBack.close();
                  server.close();
                  out.println("agent-bus stopped");
                  out.flush();
                  stopped.countDown();
                },
                "agent-bus-shutdown"));
    // Built first: a class loaded after the ready line would slow the first request.
    String report =
        "traffic report: "
            + HtmlReport.liveUrl(server.url())
            + " (a live page for a browser; a namespace's is at /ns/<id>/_bus/report)";
    out.println("agent-bus listening on " + server.url());
    out.println(report);
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (fatal.get() != null) {
      err.println(
          "agent-bus: stopped by a fatal error: "
              + fatal.get()
              + "; restart the bus (with a larger -Xmx if it ran out of memory)");
      return EXIT_FATAL;
    }
    return 0;
  }
}
