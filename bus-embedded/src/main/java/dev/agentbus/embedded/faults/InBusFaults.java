package dev.agentbus.embedded.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * The faults one namespace of a bus injects into its own delivery: messages dropped after the send
 * was answered 200, delivered twice, or held back for a while. These are faults no proxy in front
 * of the bus can make; an agent that must survive them is tested against them here.
 *
 * <pre>{@code
 * namespace.faults().next(1).to("bob").drop();
 * namespace.faults().every(3).duplicate();
 * namespace.faults().withProbability(0.2, 42).holdBack(Duration.ofMillis(500));
 * namespace.faults().clear();
 * }</pre>
 *
 * <p>A namespace holds at most {@link #MAX_RULES} rules. Faults of one namespace never touch
 * another's traffic. Every fault applied is journaled ({@code MessageDroppedOnPurpose}, {@code
 * MessageDuplicated}, {@code MessageHeldBack}, {@code MessageReleased}), so the transcript and the
 * traffic analysis show it; a message dropped on purpose is reported as such, not as lost.
 *
 * <p>Two more faults are not rules: {@link #restart} emulates the namespace's process dying and
 * coming back, and {@link #recordWireFault} journals a fault a proxy in front of the namespace
 * injected on the wire, so that the transcript shows it in order with the traffic.
 *
 * <p>Thread-safe. Adding and clearing take effect for the sends that come after the call returns;
 * for a bus reached over HTTP each call is one short admin request, which blocks until answered.
 */
public interface InBusFaults {

  /** The most rules a namespace holds at once. */
  int MAX_RULES = 32;

  /** The longest a {@link #restart} keeps a namespace down: a test waits for it to come back. */
  Duration MAX_DOWN = Duration.ofSeconds(60);

  /**
   * Adds a rule after those already there.
   *
   * @param rule the rule
   * @throws IllegalStateException if the namespace holds {@link #MAX_RULES} rules already
   */
  void add(FaultRule rule);

  /**
   * Removes every rule of the namespace: sends after this are delivered normally. A message already
   * held back still enters its queue when its time comes.
   */
  void clear();

  /**
   * Restarts the namespace as if its process died and came back on the same port. Every poll parked
   * in it has its connection closed without an answer (not a 200, not a JSON error: what a client
   * of a killed process sees); then for {@code downFor} every request to the namespace has its
   * connection closed the same way (its admin paths under {@code /_bus/} keep answering, so that
   * the test can watch); then it serves again. With {@link RestartQueues#LOST} every queued and
   * held-back message is dropped, each one no poll had returned journaled as lost by the restart;
   * with {@link RestartQueues#KEPT} they stay. The bus clock goes on, so the cursors agents hold
   * stay valid. Journaled as {@code NamespaceRestarted}. Other namespaces are untouched; the rules
   * stay.
   *
   * <p>Blocks until the parked polls' connections are closed, not for {@code downFor}: the
   * namespace comes back on its own.
   *
   * @param queues whether the messages are kept or lost
   * @param downFor how long the namespace is down, above 0 and at most {@link #MAX_DOWN}
   * @throws IllegalArgumentException if {@code downFor} is out of bounds: nothing happened
   */
  void restart(RestartQueues queues, Duration downFor);

  /**
   * Journals a fault that a proxy in front of this namespace injected on the wire, as the test
   * driving the proxy saw it, so that the journal, the transcript and the counts show it in order
   * with the traffic the bus saw. Each text is kept up to 256 bytes of UTF-8.
   *
   * @param agent the agent whose request it spoiled, or {@code null} when not known
   * @param request the request, e.g. {@code POST /send}; not blank
   * @param fault what the proxy did, e.g. {@code connection reset} or {@code status 503}; not blank
   * @throws IllegalArgumentException if {@code request} or {@code fault} is missing or blank, or
   *     {@code agent} is blank
   */
  void recordWireFault(String agent, String request, String fault);

  /**
   * @param n how many, 1 to {@link FaultRule#MAX_COUNT}
   * @return a rule to finish that picks the next {@code n} matching sends
   */
  default Builder next(int n) {
    return new Builder(this, FaultRule.Selection.next(n));
  }

  /**
   * @param n every how many, 1 to {@link FaultRule#MAX_COUNT}
   * @return a rule to finish that picks every {@code n}th matching send
   */
  default Builder every(int n) {
    return new Builder(this, FaultRule.Selection.every(n));
  }

  /**
   * @param probability the chance of each matching send, 0 to 1
   * @param seed the generator's seed: the same sends in the same order are picked again
   * @return a rule to finish that picks sends at random, reproducibly
   */
  default Builder withProbability(double probability, long seed) {
    return new Builder(this, FaultRule.Selection.withProbability(probability, seed));
  }

  /**
   * A rule being written: narrow it to a sender or a recipient, then name the fault, which adds it.
   * Not thread-safe; use one per rule.
   */
  final class Builder {

    private final InBusFaults faults;
    private final FaultRule.Selection selection;
    private String from;
    private String to;

    Builder(InBusFaults faults, FaultRule.Selection selection) {
      this.faults = Objects.requireNonNull(faults, "faults");
      this.selection = selection;
    }

    /**
     * @param agent the only sender whose messages the rule touches
     * @return this builder
     */
    public Builder from(String agent) {
      this.from = agent;
      return this;
    }

    /**
     * @param agent the only recipient whose messages the rule touches
     * @return this builder
     */
    public Builder to(String agent) {
      this.to = agent;
      return this;
    }

    /**
     * Adds the rule: picked messages are answered 200 and never queued.
     *
     * @return the rule added
     */
    public FaultRule drop() {
      return add(FaultRule.Fault.DROP, null);
    }

    /**
     * Adds the rule: picked messages are queued twice, the copy with a later timestamp.
     *
     * @return the rule added
     */
    public FaultRule duplicate() {
      return add(FaultRule.Fault.DUPLICATE, null);
    }

    /**
     * Adds the rule: picked messages enter their queue only after {@code holdFor}.
     *
     * @param holdFor how long, at most {@link FaultRule#MAX_HOLD}
     * @return the rule added
     */
    public FaultRule holdBack(java.time.Duration holdFor) {
      return add(FaultRule.Fault.HOLD_BACK, holdFor);
    }

    private FaultRule add(FaultRule.Fault fault, java.time.Duration holdFor) {
      FaultRule rule = new FaultRule(fault, selection, from, to, holdFor);
      faults.add(rule);
      return rule;
    }
  }
}
