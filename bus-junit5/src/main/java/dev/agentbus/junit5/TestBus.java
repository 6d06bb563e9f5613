package dev.agentbus.junit5;

/**
 * What one test owns, kept in its JUnit Store so that JUnit closes it after the test: the {@link
 * AgentBus} handed to it, the fault proxy of a test that declares {@link BusFaults} (stopped once
 * the agents are gone and the namespace dropped, so that no parked poll holds it up) and, for
 * {@link BusScope#METHOD}, its private bus (stopped last).
 *
 * @param bus the test's handle
 * @param config the {@link WithAgentBus} that applies to the test
 * @param faults the test's faults, or {@code null} when it declares none
 * @param proxy the proxy that injects them, or {@code null}
 * @param privateBus the bus started for this test alone, or {@code null}
 */
record TestBus(
    AgentBus bus, WithAgentBus config, BusFaults faults, FaultProxy proxy, BusResource privateBus)
    implements StoreResource {

  @Override
  public void close() {
    try {
      bus.close();
    } finally {
      try {
        if (proxy != null) {
          proxy.close();
        }
      } finally {
        if (privateBus != null) {
          privateBus.close();
        }
      }
    }
  }
}
