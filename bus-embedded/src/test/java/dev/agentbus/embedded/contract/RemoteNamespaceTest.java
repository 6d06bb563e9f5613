package dev.agentbus.embedded.contract;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import dev.agentbus.embedded.remote.RemoteAgentBus;

/** The namespace contract on the same bus reached over HTTP, as a test against bus:start is. */
class RemoteNamespaceTest extends BusNamespaceContract {

  @Override
  BusConnection connect(AgentBusServer server) {
    return RemoteAgentBus.connect(server.url());
  }
}
