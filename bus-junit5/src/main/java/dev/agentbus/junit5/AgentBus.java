package dev.agentbus.junit5;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.NamespaceView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test's bus: its isolated namespace (a complete bus at {@link #url()}) and its channel. Inject
 * it as a test parameter. It hands out agents as clients or processes, and cleans up after the
 * test: every client it made is closed with its listeners, every process killed with its children,
 * and the namespace dropped.
 *
 * <p>Thread-safe: agents may be created from any thread of the test.
 */
public final class AgentBus {

  /** The extension's handle, which drops the namespace after the test. */
  private final BusNamespace namespace;

  /** What the test is handed: the same namespace, without a way to drop it. */
  private final NamespaceView view;

  /** Where agents reach the namespace: its URL, or the fault proxy's in front of it. */
  private final URI agentUrl;

  private final String channel;
  private final HttpClient http;
  private final String clientToken;
  private final Traffic traffic;
  // in the order created, so that the first listener failure reported is the first agent's
  private final Map<String, AgentBusClient> clients =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<AgentProcess> processes = new ArrayList<>();
  private boolean closed;

  /**
   * @param agentUrl where the test's agents reach the namespace: its own URL or, in a test that
   *     declares {@link BusFaults}, the fault proxy's
   */
  AgentBus(
      BusNamespace namespace, URI agentUrl, String channel, HttpClient http, String serverToken) {
    this.namespace = namespace;
    this.agentUrl = agentUrl;
    this.view = new ReadOnlyNamespace(namespace);
    this.channel = channel;
    this.http = http;
    this.clientToken =
        namespace.options().token() != null ? namespace.options().token() : serverToken;
    this.traffic = new Traffic(view, channel);
  }

  /**
   * The URL the test's agents are given. In a test that declares {@link BusFaults}, it is the fault
   * proxy's, in front of the namespace (whose own URL {@link #namespace()} keeps).
   *
   * @return the test's namespace URL, a complete bus: give it to agents as {@code AGENT_BUS_URL}
   */
  public URI url() {
    return agentUrl;
  }

  /**
   * @return the test's channel name: unique, readable, derived from the test's name
   */
  public String channel() {
    return channel;
  }

  /**
   * The test's namespace, to read and wait on: its options, journal, traffic, parked polls. A
   * read-only view: the namespace stays up for the whole test and is dropped after it, whatever the
   * test does with the view.
   *
   * @return the view; the same one for the whole test
   */
  public NamespaceView namespace() {
    return view;
  }

  /**
   * @return the test's traffic, to read, await and assert on
   */
  public Traffic traffic() {
    return traffic;
  }

  /**
   * The environment an agent process needs, as the public clients read it.
   *
   * @param agent the agent's name
   * @return {@code AGENT_BUS_URL}, {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL} (the test's),
   *     {@code AGENT_BUS_UA} and, when the namespace requires one, {@code AGENT_BUS_TOKEN}
   */
  public Map<String, String> environment(String agent) {
    Map<String, String> environment = new LinkedHashMap<>(namespace.environment(agent, channel));
    environment.put("AGENT_BUS_URL", agentUrl.toString());
    if (clientToken != null) {
      environment.putIfAbsent("AGENT_BUS_TOKEN", clientToken);
    }
    return environment;
  }

  /**
   * An agent on the test's channel, as {@code @Agent(name)} injects it. Like an injected agent, it
   * is closed after the test, and a failure in one of its listeners fails the test.
   *
   * @param name the agent's name
   * @return its client, reading from the start of the namespace; the same one for the same name
   */
  public AgentBusClient client(String name) {
    return client(name, channel);
  }

  /**
   * An agent on another channel, as {@code @Agent(value = name, channel = ...)} injects it.
   *
   * @param name the agent's name
   * @param channelName its channel
   * @return its client, reading from the start of the namespace
   */
  public AgentBusClient client(String name, String channelName) {
    return clients.computeIfAbsent(
        name + "\n" + channelName, key -> newClient(name).channel(channelName).build());
  }

  /**
   * An agent that sends and polls with no channel, as {@code @Agent(value = name, noChannel =
   * true)} injects it: a misconfigured agent.
   *
   * @param name the agent's name
   * @return its client, reading from the start of the namespace
   */
  public AgentBusClient clientWithoutChannel(String name) {
    return clients.computeIfAbsent(name + "\n", key -> newClient(name).noChannel().build());
  }

  /**
   * Starts an agent process with {@link #environment(String) the agent's environment}.
   *
   * @param agent the agent's name
   * @param command the program and its arguments, e.g. {@code List.of("python3", "agent.py")}
   * @return the running process; killed with its children when the test ends
   * @throws UncheckedIOException if it cannot be started
   */
  public AgentProcess start(String agent, List<String> command) {
    return start(agent, Map.of(), command);
  }

  /**
   * Starts an agent process with {@link #environment(String) the agent's environment} plus the
   * caller's additions (which win).
   *
   * @param agent the agent's name
   * @param extraEnvironment more variables, or overrides
   * @param command the program and its arguments
   * @return the running process; killed with its children when the test ends
   * @throws UncheckedIOException if it cannot be started
   * @throws IllegalStateException if the test is over
   */
  public AgentProcess start(
      String agent, Map<String, String> extraEnvironment, List<String> command) {
    Map<String, String> environment = environment(agent);
    environment.putAll(extraEnvironment);
    synchronized (processes) {
      if (closed) {
        throw new IllegalStateException(
            "the test that owns this bus is over: start agent processes within the test");
      }
      try {
        AgentProcess process = AgentProcess.start(agent, command, environment);
        processes.add(process);
        return process;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot start agent " + agent + " with " + command + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * @return the processes started for this test
   */
  List<AgentProcess> processes() {
    synchronized (processes) {
      return List.copyOf(processes);
    }
  }

  /**
   * Lets the listeners of this test's clients handle what was delivered to them, stops them, and
   * reports what failed in them.
   *
   * @return the test's failure, or {@code null} when no listener failed
   */
  AssertionError stopListeners() {
    return ListenerCheck.settleAndStop(view, createdClients());
  }

  private List<AgentBusClient> createdClients() {
    synchronized (clients) { // a synchronized map's views are iterated under its lock
      return List.copyOf(clients.values());
    }
  }

  /** Kills the processes, closes the clients, drops the namespace; once, however often called. */
  void close() {
    List<AgentProcess> started;
    synchronized (processes) {
      if (closed) {
        return;
      }
      closed = true;
      started = List.copyOf(processes);
    }
    started.forEach(AgentProcess::close);
    createdClients().forEach(AgentBusClient::close);
    namespace.close();
  }

  private AgentBusClient.Builder newClient(String name) {
    AgentBusClient.Builder builder =
        AgentBusClient.builder().url(url()).name(name).httpClient(http).startFromBeginning();
    if (clientToken != null) {
      builder.bearerToken(clientToken);
    }
    return builder;
  }
}
