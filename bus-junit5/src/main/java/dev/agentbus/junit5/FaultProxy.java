package dev.agentbus.junit5;

import java.net.URI;

/** The proxy in front of one test's namespace that injects its {@link BusFaults}. */
interface FaultProxy extends AutoCloseable {

  /**
   * @return the namespace's URL through the proxy: what the test's agents are given
   */
  URI url();

  /** Stops the proxy; idempotent. */
  @Override
  void close();
}
