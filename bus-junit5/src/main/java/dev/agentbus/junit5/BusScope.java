package dev.agentbus.junit5;

/** Which bus serves a test: see {@link WithAgentBus#scope()}. */
public enum BusScope {
  /**
   * One bus for the whole test run (or the bus {@code agentbus.url} names), isolated per test by
   * namespace and channel. Fast: a test costs a namespace, not a server.
   */
  SHARED,
  /**
   * A bus started for the test class (each {@code @Nested} class counts as a class of its own) and
   * stopped after its last test; always embedded, even when {@code agentbus.url} is set.
   */
  CLASS,
  /**
   * A bus started for the one test and stopped after it; always embedded, even when {@code
   * agentbus.url} is set.
   */
  METHOD
}
