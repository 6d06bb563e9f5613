package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.ServerOption;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The options of a bus that a goal starts: one parameter per {@link ServerOption}, named as the
 * option, with the user property {@code agentbus.<name>} (e.g. {@code
 * -Dagentbus.channellessRecv=default}). None has a default here: one left out takes the model's,
 * which the options table of docs/server-options.md shows, or the goal's documented override.
 */
abstract class AbstractServerMojo extends AbstractBusMojo {

  /** The address to listen on. Only loopback is safe on a shared machine. */
  @Parameter(property = "agentbus.host")
  private String host;

  /** The port to listen on; 0 lets the OS pick a free one. */
  @Parameter(property = "agentbus.port")
  private String port;

  /** Serves the bus under this path, like a deployment at {@code https://host/agent-bus}. */
  @Parameter(property = "agentbus.basePath")
  private String basePath;

  /**
   * What a {@code GET /recv} without {@code channel} reads: {@code all} channels (the hosted bus)
   * or only channel {@code default} (the reference server), in namespaces that do not say.
   */
  @Parameter(property = "agentbus.channellessRecv")
  private String channellessRecv;

  /** Refuses (403) every request whose User-Agent lacks {@code Mozilla/}, like the hosted bus. */
  @Parameter(property = "agentbus.waf")
  private Boolean waf;

  /** Requires {@code Authorization: Bearer <token>} on every request (401 without). */
  @Parameter(property = "agentbus.token")
  protected String token;

  /** Messages kept per channel and recipient; the oldest is evicted, and the journal says so. */
  @Parameter(property = "agentbus.maxQueue")
  private String maxQueue;

  /** How long a blocking {@code /recv} is held before it answers empty: {@code 30}, {@code 2m}. */
  @Parameter(property = "agentbus.recvTimeout")
  private String recvTimeout;

  /** Journal entries kept per namespace; the oldest are discarded beyond, and counted. */
  @Parameter(property = "agentbus.journalLimit")
  private String journalLimit;

  /** The largest {@code /send} body accepted, in bytes or with a unit ({@code 64KiB}). */
  @Parameter(property = "agentbus.maxBodyBytes")
  private String maxBodyBytes;

  /**
   * The former name of {@code maxBodyBytes}: still read, with a one-line warning naming the new
   * one. (Not marked deprecated for Maven, which would add a warning of its own.)
   */
  @Parameter(property = "agentbus.maxBody")
  private String maxBody;

  /** How long a request's head, and then its body, may take to arrive. */
  @Parameter(property = "agentbus.bodyReadTimeout")
  private String bodyReadTimeout;

  /** How long a connection may stay idle before the bus closes it. */
  @Parameter(property = "agentbus.idleTimeout")
  private String idleTimeout;

  /**
   * Bytes the queues and journals of all namespaces may keep together; past it the oldest journal
   * entries, then the oldest queued messages, are evicted. Shares Maven's heap.
   */
  @Parameter(property = "agentbus.memoryBudget")
  private String memoryBudget;

  /** The most namespaces at once; one more is refused with a 507 until finished ones drop. */
  @Parameter(property = "agentbus.maxNamespaces")
  private String maxNamespaces;

  /** Bytes of {@code /send} bodies the bus holds at once while reading them; past it a 503. */
  @Parameter(property = "agentbus.maxBodyBytesInFlight")
  private String maxBodyBytesInFlight;

  /** Bytes of admin answers not yet read by their clients; past it a 503. */
  @Parameter(property = "agentbus.maxAdminBytesInFlight")
  private String maxAdminBytesInFlight;

  /** Bytes parked polls hold (names and request heads); past it a 503. */
  @Parameter(property = "agentbus.maxPollBytesInFlight")
  private String maxPollBytesInFlight;

  /** Connections open at once (idle, parked or busy); past it a 503 and the connection closed. */
  @Parameter(property = "agentbus.maxConnections")
  private String maxConnections;

  /** Threads that read and write the bus's connections. */
  @Parameter(property = "agentbus.ioThreads")
  private String ioThreads;

  /**
   * @param builder a builder holding the model's defaults, for a goal to override one of them the
   *     docs/server-options.md documents (bus:run's port); does nothing unless overridden
   */
  protected void goalDefaults(ServerBuilder builder) {}

  /**
   * @return the parameters as given, by name, not yet checked
   */
  ServerParameters serverParameters() {
    Map<String, Object> byName = new HashMap<>();
    for (ServerOption option : ServerOption.values()) {
      byName.put(option.optionName(), parameter(option.optionName()));
      for (String former : option.formerNames()) {
        byName.put(former, parameter(former));
      }
    }
    return ServerParameters.of(byName);
  }

  /**
   * @return a builder with the goal's defaults and the parameters given
   * @throws MojoExecutionException naming a parameter that breaks its rule
   */
  protected ServerBuilder serverBuilder() throws MojoExecutionException {
    ServerBuilder builder = AgentBusServer.builder();
    goalDefaults(builder);
    return serverParameters().applyTo(builder, getLog()::warn);
  }

  private Object parameter(String name) {
    try {
      Field field = AbstractServerMojo.class.getDeclaredField(name);
      return field.get(this);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new IllegalStateException(
          "the server option " + name + " has no parameter in " + getClass().getSimpleName(), e);
    }
  }

  /**
   * Starts the bus, turning a taken port into a failure that names it.
   *
   * @param builder the bus as configured
   * @param freePortHint what to do about a taken port, e.g. "pass -Dagentbus.port=..."
   * @return the running bus
   * @throws MojoExecutionException when the port is taken, or the bounds do not fit together
   */
  protected AgentBusServer start(ServerBuilder builder, String freePortHint)
      throws MojoExecutionException {
    try {
      return builder.start();
    } catch (AgentBusServer.PortInUseException e) {
      throw new MojoExecutionException(
          "agentbus.port " + e.port() + " on " + e.host() + " is already in use: " + freePortHint);
    } catch (OptionException e) {
      // Bounds that each pass but do not hold together, e.g. a budget too small for maxBodyBytes.
      throw new MojoExecutionException(ServerParameters.describe(e), e);
    }
  }
}
