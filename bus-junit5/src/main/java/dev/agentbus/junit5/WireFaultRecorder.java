package dev.agentbus.junit5;

/**
 * Where the proxy records each fault it injects besides {@link BusFaults#injected()}: the
 * namespace's journal ({@code InBusFaults::recordWireFault}), so that the test's transcript shows
 * what each agent experienced, in order with its messages.
 */
@FunctionalInterface
interface WireFaultRecorder {

  /**
   * @param agent the agent whose request it hit, or {@code null} when the request names none
   * @param request e.g. {@code POST /send}
   * @param fault e.g. {@code connection reset}
   */
  void recordWireFault(String agent, String request, String fault);
}
