package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.ChannellessRecv;
import java.math.BigDecimal;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The server options of {@code bus:start} and {@code bus:run}, as Maven handed them over, checked
 * and turned into a server builder. The names are those of the {@code agentbus.*} user properties,
 * so that every refusal names what the user typed.
 *
 * @param host the listen address
 * @param port the listen port, 0 for a free one
 * @param basePath the path to serve the bus under, or empty
 * @param channellessRecv {@code all} or {@code default}
 * @param recvTimeout the long-poll timeout in seconds, a decimal
 * @param maxQueue messages kept per channel and recipient
 * @param maxBody the largest {@code /send} body in bytes
 * @param waf firewall emulation
 * @param token the bearer token required, or empty for none
 * @param journalLimit journal entries kept per namespace
 * @param memoryBudget bytes all namespaces' queues and journals may keep, or 0 for the server's
 *     default (two fifths of the heap)
 * @param maxNamespaces the most namespaces at once
 * @param maxBodyBytesInFlight bytes of bodies being read at once, or 0 for the server's default
 * @param maxAdminBytesInFlight bytes of admin answers not yet read, or 0 for the server's default
 * @param maxPollBytesInFlight bytes parked polls hold, or 0 for the server's default
 * @param maxConnections connections open at once, or 0 for the server's default
 */
record ServerParameters(
    String host,
    int port,
    String basePath,
    String channellessRecv,
    String recvTimeout,
    int maxQueue,
    int maxBody,
    boolean waf,
    String token,
    int journalLimit,
    long memoryBudget,
    int maxNamespaces,
    long maxBodyBytesInFlight,
    long maxAdminBytesInFlight,
    long maxPollBytesInFlight,
    int maxConnections) {

  private static final BigDecimal MAX_RECV_TIMEOUT_SECONDS = BigDecimal.valueOf(86_400);

  /**
   * Checks every value and configures a server with them.
   *
   * @return the builder, ready to start
   * @throws MojoExecutionException naming the parameter, the value, the rule and the fix
   */
  AgentBusServer.Builder toBuilder() throws MojoExecutionException {
    if (host == null || host.isBlank()) {
      throw invalid("host", host, "must be an address to listen on", "127.0.0.1");
    }
    if (port < 0 || port > 65_535) {
      throw invalid("port", port, "must be 0 to 65535", "0, a free port the OS picks");
    }
    ChannellessRecv mode;
    try {
      mode = ChannellessRecv.parse(channellessRecv == null ? "" : channellessRecv.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(
          "channellessRecv",
          channellessRecv,
          "must be 'all' or 'default'",
          "all, the hosted bus's");
    }
    positive("maxQueue", maxQueue, "1000");
    positive("maxBody", maxBody, "65536");
    positive("journalLimit", journalLimit, "1000000");
    positive("maxNamespaces", maxNamespaces, "10000");
    notNegative("memoryBudget", memoryBudget, "0 for two fifths of the heap");
    notNegative("maxBodyBytesInFlight", maxBodyBytesInFlight, "0 for a tenth of the heap");
    notNegative("maxAdminBytesInFlight", maxAdminBytesInFlight, "0 for a tenth of the heap");
    notNegative("maxPollBytesInFlight", maxPollBytesInFlight, "0 for a tenth of the heap");
    if (maxConnections < 0) {
      throw invalid(
          "maxConnections",
          maxConnections,
          "must be a number of connections, or 0 for a tenth of the heap over 8 KiB",
          "0");
    }
    // 0 leaves a bound to the server's default, derived from the heap of Maven's JVM.
    return AgentBusServer.builder()
        .host(host.strip())
        .port(port)
        .basePath(basePath == null ? "" : basePath)
        .channellessRecv(mode)
        .recvTimeout(recvTimeoutDuration())
        .maxQueue(maxQueue)
        .maxBodyBytes(maxBody)
        .wafEmulation(waf)
        .bearerToken(token == null || token.isBlank() ? null : token.strip())
        .journalLimit(journalLimit)
        .maxNamespaces(maxNamespaces)
        .memoryBudget(memoryBudget)
        .maxBodyBytesInFlight(maxBodyBytesInFlight)
        .maxAdminBytesInFlight(maxAdminBytesInFlight)
        .maxPollBytesInFlight(maxPollBytesInFlight)
        .maxConnections(maxConnections);
  }

  private static void notNegative(String name, long value, String zeroMeans)
      throws MojoExecutionException {
    if (value < 0) {
      throw invalid(name, value, "must be a number of bytes, or " + zeroMeans, "0");
    }
  }

  private Duration recvTimeoutDuration() throws MojoExecutionException {
    try {
      BigDecimal seconds = new BigDecimal(recvTimeout == null ? "" : recvTimeout.strip());
      if (seconds.signum() > 0 && seconds.compareTo(MAX_RECV_TIMEOUT_SECONDS) <= 0) {
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
      }
    } catch (NumberFormatException e) {
      // refused below, with the rule
    }
    throw invalid(
        "recvTimeout", recvTimeout, "must be a number of seconds above 0 and at most 86400", "30");
  }

  private static void positive(String name, int value, String usual) throws MojoExecutionException {
    if (value < 1) {
      throw invalid(name, value, "must be a positive whole number", usual);
    }
  }

  private static MojoExecutionException invalid(
      String name, Object value, String rule, String usual) {
    return new MojoExecutionException(
        "agentbus."
            + name
            + " "
            + rule
            + ", got '"
            + value
            + "': set <"
            + name
            + "> in the plugin's configuration or -Dagentbus."
            + name
            + " to a valid value (usually "
            + usual
            + ")");
  }
}
