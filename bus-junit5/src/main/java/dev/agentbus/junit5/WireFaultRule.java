package dev.agentbus.junit5;

import dev.agentbus.embedded.options.FirewallRule;
import java.util.Random;

/**
 * One scripted fault: which requests, when among them, and what. Counts the requests it is asked
 * about; not thread-safe on its own: {@link WireFaultRules} asks its rules under one lock, so that
 * a seeded rule draws in the order the requests arrive.
 */
final class WireFaultRule {

  /** Which requests a rule looks at. */
  enum Requests {
    SEND,
    RECV,
    ALL
  }

  /**
   * Which requests among those a rule looks at get the fault: {@code every} 1 with probability 1 is
   * every one; {@code next} bounds how many in all.
   *
   * @param next how many get it at most, or {@link Long#MAX_VALUE}
   * @param every only every n-th request is a candidate
   * @param probability the chance that a candidate gets it
   * @param seed the seed of the draw, so that a run picks the same requests as the last
   */
  record When(long next, long every, double probability, long seed) {

    static final When ALWAYS = new When(Long.MAX_VALUE, 1, 1.0, 0);
  }

  private final Requests requests;
  private final String agent;
  private final When when;
  private final WireFault fault;
  private final Random draws;
  private long seen;
  private long fired;

  /**
   * @param agent only this agent's requests, or {@code null} for everyone's
   */
  WireFaultRule(Requests requests, String agent, When when, WireFault fault) {
    this.requests = requests;
    this.agent = agent;
    this.when = when;
    this.fault = fault;
    this.draws = new Random(when.seed());
  }

  /**
   * Counts the request if the rule looks at it, and says whether it gets the fault.
   *
   * @return whether the request gets this rule's fault
   */
  boolean fires(WireRequest request) {
    if (!looksAt(request) || fired >= when.next()) {
      return false;
    }
    seen++;
    if (seen % when.every() != 0) {
      return false;
    }
    if (when.probability() < 1.0 && draws.nextDouble() >= when.probability()) {
      return false;
    }
    fired++;
    return true;
  }

  WireFault fault() {
    return fault;
  }

  private boolean looksAt(WireRequest request) {
    boolean kind =
        switch (requests) {
          case SEND -> request.isSend();
          case RECV -> request.isRecv();
          case ALL -> true;
        };
    if (!kind || (agent != null && !agent.equals(request.agent()))) {
      return false;
    }
    // a firewall picks among the requests it would refuse: a browser's pass uncounted
    return fault.kind() != WireFault.Kind.FIREWALL_BLOCK
        || FirewallRule.refusal(request.userAgent()).isPresent();
  }
}
