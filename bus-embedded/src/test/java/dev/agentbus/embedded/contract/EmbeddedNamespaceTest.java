package dev.agentbus.embedded.contract;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;

/** The namespace contract on a bus in this JVM, through {@link AgentBusServer} itself. */
class EmbeddedNamespaceTest extends BusNamespaceContract {

  @Override
  BusConnection connect(AgentBusServer server) {
    return server;
  }
}
