package dev.agentbus.junit5;

/**
 * Where the proxy records each fault it injects, so that the test's traffic shows what each agent
 * experienced, in order with its messages.
 */
// TODO(faults-inbus): until BusNamespace.faults() offers InBusFaults.recordWireFault, the faults
// are kept by BusFaults.injected() only; then this becomes namespace.faults()::recordWireFault.
interface WireFaultRecorder {

  /** Records nothing beyond {@link BusFaults#injected()}. */
  WireFaultRecorder NONE = (agent, request, fault) -> {};

  /**
   * @param agent the agent whose request it hit, or {@code null} when the request names none
   * @param request e.g. {@code POST /send}
   * @param fault e.g. {@code connection reset}
   */
  void recordWireFault(String agent, String request, String fault);
}
