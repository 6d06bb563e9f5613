package dev.agentbus.junit5;

/**
 * What one test owns, kept in its JUnit Store so that JUnit closes it after the test: the {@link
 * AgentBus} handed to it and, for {@link BusScope#METHOD}, its private bus (stopped last).
 *
 * @param bus the test's handle
 * @param config the {@link WithAgentBus} that applies to the test
 * @param privateBus the bus started for this test alone, or {@code null}
 */
record TestBus(AgentBus bus, WithAgentBus config, BusResource privateBus) implements StoreResource {

  @Override
  public void close() {
    try {
      bus.close();
    } finally {
      if (privateBus != null) {
        privateBus.close();
      }
    }
  }
}
