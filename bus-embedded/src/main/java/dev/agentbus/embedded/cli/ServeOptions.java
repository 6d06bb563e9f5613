package dev.agentbus.embedded.cli;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.BearerTokens;
import dev.agentbus.embedded.options.ChannellessRecv;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The options of {@code serve}, parsed from the command line.
 *
 * @param host listen address
 * @param port listen port, 0 for an ephemeral one
 * @param basePath path to serve the bus under
 * @param channellessRecv what a recv without channel reads
 * @param recvTimeout long-poll timeout
 * @param maxQueue messages kept per channel and recipient
 * @param maxBody largest send body in bytes
 * @param waf firewall emulation on
 * @param token bearer token required, or {@code null}
 * @param quiet no request log
 * @param journalLimit traffic journal entries kept per namespace
 * @param memoryBudget bytes all namespaces may keep, or 0 for the default (two fifths of the heap)
 * @param maxNamespaces the most namespaces at once
 * @param maxBodyBytesInFlight bytes of bodies being read, or 0 for the default (a tenth of the
 *     heap)
 * @param maxAdminBytesInFlight bytes of admin answers not yet read, or 0 for the default
 * @param maxPollBytesInFlight bytes parked polls hold, or 0 for the default
 * @param maxConnections connections open at once, or 0 for the default (a tenth of the heap over 8
 *     KiB)
 */
record ServeOptions(
    String host,
    int port,
    String basePath,
    ChannellessRecv channellessRecv,
    Duration recvTimeout,
    int maxQueue,
    int maxBody,
    boolean waf,
    String token,
    boolean quiet,
    int journalLimit,
    long memoryBudget,
    int maxNamespaces,
    long maxBodyBytesInFlight,
    long maxAdminBytesInFlight,
    long maxPollBytesInFlight,
    int maxConnections) {

  static final String USAGE =
      """
      usage: java -jar agent-bus.jar serve [options]
        --host HOST                      listen address (default 127.0.0.1)
        --port PORT                      listen port, 0 for any free one (default 8080)
        --base-path PATH                 serve the bus under PATH, e.g. /agent-bus (default /)
        --channelless-recv all|default   what a recv without channel reads (default all)
        --recv-timeout SECONDS           long-poll timeout (default 30)
        --max-queue N                    messages kept per channel and recipient (default 1000)
        --max-body BYTES                 largest /send body (default 65536)
        --waf                            refuse (403) User-Agents without Mozilla/, like the hosted bus
        --token T                        require Authorization: Bearer T (401 without)
        --journal-limit N                journal entries kept per namespace (default 100000)
        --memory-budget BYTES            what queues and journals may keep in all
                                         (default two fifths of the heap)
        --max-namespaces N               the most namespaces at once (default 10000)
        --max-body-bytes-in-flight BYTES bytes of /send bodies being read at once
                                         (default a tenth of the heap)
        --max-admin-bytes-in-flight BYTES
                                         bytes of journal, traffic and transcript answers
                                         not yet read by their clients (default a tenth)
        --max-poll-bytes-in-flight BYTES bytes parked polls hold (default a tenth)
        --max-connections N              connections open at once; more are answered 503
                                         (default a tenth of the heap over 8 KiB)
        --quiet                          no request log
      """;

  static ServeOptions parse(String[] args) throws UsageException {
    String host = "127.0.0.1";
    int port = 8080;
    String basePath = "";
    ChannellessRecv channelless = ChannellessRecv.ALL;
    Duration recvTimeout = Duration.ofSeconds(30);
    int maxQueue = 1000;
    int maxBody = 65536;
    boolean waf = false;
    String token = null;
    boolean quiet = false;
    int journalLimit = 100_000;
    long memoryBudget = 0;
    int maxNamespaces = 10_000;
    long maxBodyBytesInFlight = 0;
    long maxAdminBytesInFlight = 0;
    long maxPollBytesInFlight = 0;
    int maxConnections = 0;
    Deque<String> rest = new ArrayDeque<>();
    for (String arg : args) {
      // --option=value reads as --option value, as most command lines allow.
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        String option = arg.substring(0, equals);
        if (option.equals("--waf") || option.equals("--quiet")) {
          throw new UsageException(option + " takes no value: give it alone to switch it on");
        }
        rest.add(option);
        rest.add(arg.substring(equals + 1));
      } else {
        rest.add(arg);
      }
    }
    while (!rest.isEmpty()) {
      String option = rest.removeFirst();
      switch (option) {
        case "--host" -> host = value(option, rest);
        case "--port" -> port = integer(option, value(option, rest), 0, 65535);
        case "--base-path" -> basePath = value(option, rest);
        case "--channelless-recv" -> {
          try {
            channelless = ChannellessRecv.parse(value(option, rest));
          } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
          }
        }
        case "--recv-timeout" -> recvTimeout = seconds(option, value(option, rest));
        case "--max-queue" -> maxQueue = integer(option, value(option, rest), 1, Integer.MAX_VALUE);
        case "--max-body" -> maxBody = integer(option, value(option, rest), 1, Integer.MAX_VALUE);
        case "--waf" -> waf = true;
        case "--token" -> {
          token = value(option, rest);
          if (token.isBlank()) {
            throw new UsageException(
                "--token must not be empty: an empty token would leave the bus open to anyone;"
                    + " give a token, or leave --token out for a bus without one");
          }
          if (BearerTokens.problem(token) != null) {
            throw new UsageException("--token " + BearerTokens.problem(token));
          }
        }
        case "--quiet" -> quiet = true;
        case "--journal-limit" ->
            journalLimit = integer(option, value(option, rest), 1, Integer.MAX_VALUE);
        case "--memory-budget" -> memoryBudget = bytes(option, value(option, rest));
        case "--max-namespaces" ->
            maxNamespaces = integer(option, value(option, rest), 1, Integer.MAX_VALUE);
        case "--max-body-bytes-in-flight" ->
            maxBodyBytesInFlight = bytes(option, value(option, rest));
        case "--max-admin-bytes-in-flight" ->
            maxAdminBytesInFlight = bytes(option, value(option, rest));
        case "--max-poll-bytes-in-flight" ->
            maxPollBytesInFlight = bytes(option, value(option, rest));
        case "--max-connections" ->
            maxConnections = integer(option, value(option, rest), 1, Integer.MAX_VALUE);
        default -> throw new UsageException("unknown option '" + option + "'");
      }
    }
    return new ServeOptions(
        host,
        port,
        basePath,
        channelless,
        recvTimeout,
        maxQueue,
        maxBody,
        waf,
        token,
        quiet,
        journalLimit,
        memoryBudget,
        maxNamespaces,
        maxBodyBytesInFlight,
        maxAdminBytesInFlight,
        maxPollBytesInFlight,
        maxConnections);
  }

  AgentBusServer.Builder toBuilder() {
    // 0, a bound not given, leaves it to its default, which the builder derives from the heap.
    return AgentBusServer.builder()
        .host(host)
        .port(port)
        .basePath(basePath)
        .channellessRecv(channellessRecv)
        .recvTimeout(recvTimeout)
        .maxQueue(maxQueue)
        .maxBodyBytes(maxBody)
        .wafEmulation(waf)
        .bearerToken(token)
        .journalLimit(journalLimit)
        .memoryBudget(memoryBudget)
        .maxBodyBytesInFlight(maxBodyBytesInFlight)
        .maxAdminBytesInFlight(maxAdminBytesInFlight)
        .maxPollBytesInFlight(maxPollBytesInFlight)
        .maxConnections(maxConnections)
        .maxNamespaces(maxNamespaces);
  }

  private static String value(String option, Deque<String> rest) throws UsageException {
    if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return rest.removeFirst();
  }

  private static int integer(String option, String text, int min, int max) throws UsageException {
    return (int) wholeNumber(option, text, min, max);
  }

  /** A size in bytes: a heap, and so a bound, may well pass two gigabytes. */
  private static long bytes(String option, String text) throws UsageException {
    try {
      return wholeNumber(option, text, 1, Long.MAX_VALUE);
    } catch (UsageException e) {
      throw new UsageException(
          e.getMessage() + " (a number of bytes without a unit, e.g. 268435456 for 256 MiB)");
    }
  }

  private static long wholeNumber(String option, String text, long min, long max)
      throws UsageException {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  private static Duration seconds(String option, String text) throws UsageException {
    try {
      BigDecimal seconds = new BigDecimal(text);
      if (seconds.signum() > 0 && seconds.compareTo(BigDecimal.valueOf(86_400)) <= 0) {
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be a number of seconds above 0 and at most 86400, got '" + text + "'");
  }
}
