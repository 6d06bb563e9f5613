package dev.agentbus.embedded.testing;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.remote.RemoteAgentBus;

/** How a test reaches a namespace it creates, so that one test covers both ways. */
public enum NamespaceHandle {
  /** The core, in process. */
  EMBEDDED,
  /** Admin HTTP, as a test against a bus that {@code bus:start} runs would. */
  OVER_HTTP;

  /**
   * @param server the running bus
   * @param id the namespace's id
   * @return a new namespace with the default options, reached this way
   */
  public BusNamespace create(AgentBusServer server, String id) {
    return switch (this) {
      case EMBEDDED -> server.createNamespace(id, NamespaceOptions.defaults());
      case OVER_HTTP ->
          RemoteAgentBus.connect(server.url()).createNamespace(id, NamespaceOptions.defaults());
    };
  }
}
