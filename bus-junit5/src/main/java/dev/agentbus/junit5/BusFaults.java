package dev.agentbus.junit5;

import dev.agentbus.embedded.faults.InBusFaults;
import java.util.List;

/**
 * Faults on the wire between the test's agents and its bus. A test method that declares a {@code
 * BusFaults} parameter gets a proxy in front of its namespace: its injected clients, {@link
 * AgentBus#client}, {@link AgentBus#url()} and the {@link AgentBus#environment agent environment}
 * all reach the bus through it, and the test scripts what it does to their requests:
 *
 * <pre>{@code
 * faults.onRecv().forAgent("bob").next(2).connectionReset();
 * faults.onSend().withProbability(0.3, 42).status(503);
 * }</pre>
 *
 * <p>Rules apply in the order added, from the next request on, until {@link #clear()}; each
 * injected fault is kept by {@link #injected()} and journaled in the namespace, so the test's
 * transcript shows it ({@code WIRE FAULT bob GET /recv: connection reset}) in order with the
 * messages. {@link #inBus()} reaches the faults inside the bus. Requests that no rule picks pass to
 * the bus untouched. The proxy runs on 127.0.0.1 and a free port, for this test alone, and stops
 * after it. It needs WireMock on the test classpath: {@code org.wiremock:wiremock-standalone}, test
 * scope.
 *
 * <p>Thread-safe: rules may be added while agents run.
 */
public final class BusFaults {

  private final WireFaultRules rules;
  private final InBusFaults inBus;

  BusFaults(WireFaultRules rules, InBusFaults inBus) {
    this.rules = rules;
    this.inBus = inBus;
  }

  /**
   * @return a rule over the sends ({@code POST /send})
   */
  public WireRule onSend() {
    return new WireRule(rules, WireFaultRule.Requests.SEND);
  }

  /**
   * @return a rule over the polls ({@code GET /recv})
   */
  public WireRule onRecv() {
    return new WireRule(rules, WireFaultRule.Requests.RECV);
  }

  /**
   * @return a rule over every request to the namespace, also {@code /inbox} and {@code /healthz}
   */
  public WireRule onAll() {
    return new WireRule(rules, WireFaultRule.Requests.ALL);
  }

  /** Drops every rule: from the next request on, all pass untouched. */
  public void clear() {
    rules.clear();
  }

  /**
   * @return every fault injected so far, in the order injected, up to the first 10,000 (the
   *     namespace's journal has them all); a copy
   */
  public List<InjectedFault> injected() {
    return rules.injected();
  }

  /**
   * The faults the test's namespace injects inside the bus, where no proxy reaches: messages
   * dropped after a 200, delivered twice or held back, and a restart with its queues kept or lost.
   *
   * @return the namespace's in-bus faults; they end with the namespace, after the test
   */
  public InBusFaults inBus() {
    return inBus;
  }
}
