package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The options of a bus that a goal starts, the same as those of {@code java -jar agent-bus.jar
 * serve}. Each is also a user property, e.g. {@code -Dagentbus.channellessRecv=default}.
 */
abstract class AbstractServerMojo extends AbstractBusMojo {

  /** The address to listen on. Only loopback is safe on a shared machine. */
  @Parameter(property = "agentbus.host", defaultValue = "127.0.0.1")
  protected String host;

  /**
   * Serves the bus under this path, like a deployment at {@code https://host/agent-bus}; empty for
   * the root.
   */
  @Parameter(property = "agentbus.basePath", defaultValue = "")
  protected String basePath;

  /**
   * What a {@code GET /recv} without {@code channel} reads: {@code all} channels (the hosted bus)
   * or only channel {@code default} (the reference server). Namespaces a test creates with its own
   * options keep theirs.
   */
  @Parameter(property = "agentbus.channellessRecv", defaultValue = "all")
  protected String channellessRecv;

  /** How long a blocking {@code /recv} is held before it answers empty, in seconds. */
  @Parameter(property = "agentbus.recvTimeout", defaultValue = "30")
  protected String recvTimeout;

  /** Messages kept per channel and recipient; the oldest is evicted, and the journal says so. */
  @Parameter(property = "agentbus.maxQueue", defaultValue = "1000")
  protected int maxQueue;

  /** The largest {@code /send} body accepted, in bytes; larger ones get 413. */
  @Parameter(property = "agentbus.maxBody", defaultValue = "65536")
  protected int maxBody;

  /**
   * Refuses (403) every request whose User-Agent lacks {@code Mozilla/}, as the hosted bus's
   * firewall does, so that a client that would be dropped in production fails here.
   */
  @Parameter(property = "agentbus.waf", defaultValue = "false")
  protected boolean waf;

  /**
   * Requires {@code Authorization: Bearer <token>} on every request (401 without). Empty requires
   * nothing.
   */
  @Parameter(property = "agentbus.token")
  protected String token;

  /** Journal entries kept per namespace; the oldest are discarded beyond, and counted. */
  @Parameter(property = "agentbus.journalLimit", defaultValue = "1000000")
  protected int journalLimit;

  /**
   * Bytes the queues and journals of all namespaces may keep together; past it the oldest journal
   * entries, then the oldest queued messages, are evicted. 0 gives two fifths of the heap.
   */
  @Parameter(property = "agentbus.memoryBudget", defaultValue = "0")
  protected long memoryBudget;

  /** The most namespaces at once; one more is refused with a 507 until finished ones drop. */
  @Parameter(property = "agentbus.maxNamespaces", defaultValue = "10000")
  protected int maxNamespaces;

  /**
   * Bytes of {@code /send} bodies the bus holds at once while reading them; past it a send is a
   * 503. 0 gives a tenth of the heap (of Maven's JVM, which the bus shares).
   */
  @Parameter(property = "agentbus.maxBodyBytesInFlight", defaultValue = "0")
  protected long maxBodyBytesInFlight;

  /**
   * Bytes of admin answers not yet read by their clients; past it a 503. 0: a tenth of the heap.
   */
  @Parameter(property = "agentbus.maxAdminBytesInFlight", defaultValue = "0")
  protected long maxAdminBytesInFlight;

  /** Bytes parked polls hold (names and request heads); past it a 503. 0: a tenth of the heap. */
  @Parameter(property = "agentbus.maxPollBytesInFlight", defaultValue = "0")
  protected long maxPollBytesInFlight;

  /**
   * Connections open at once (idle, parked or busy); past it a 503 and the connection closed. 0: a
   * tenth of the heap over 8 KiB, what an idle connection holds at most.
   */
  @Parameter(property = "agentbus.maxConnections", defaultValue = "0")
  protected int maxConnections;

  /**
   * @return the port to listen on; each goal has its own default
   */
  protected abstract int port();

  /**
   * @return the parameters as given, not yet checked
   */
  protected ServerParameters serverParameters() {
    return new ServerParameters(
        host,
        port(),
        basePath,
        channellessRecv,
        recvTimeout,
        maxQueue,
        maxBody,
        waf,
        token,
        journalLimit,
        memoryBudget,
        maxNamespaces,
        maxBodyBytesInFlight,
        maxAdminBytesInFlight,
        maxPollBytesInFlight,
        maxConnections);
  }

  /**
   * Starts the bus, turning a taken port into a failure that names it.
   *
   * @param builder the bus as configured
   * @param freePortHint what to do about a taken port, e.g. "pass -Dagentbus.port=..."
   * @return the running bus
   * @throws MojoExecutionException when the port is taken
   */
  protected AgentBusServer start(AgentBusServer.Builder builder, String freePortHint)
      throws MojoExecutionException {
    try {
      return builder.start();
    } catch (AgentBusServer.PortInUseException e) {
      throw new MojoExecutionException(
          "agentbus.port " + port() + " on " + host + " is already in use: " + freePortHint);
    } catch (IllegalArgumentException e) {
      // Bounds that each pass but do not hold together, e.g. a budget too small for maxBody.
      throw new MojoExecutionException(
          "the bus's parameters do not fit together: " + e.getMessage());
    }
  }
}
