package dev.agentbus.junit5;

import java.time.Duration;
import java.util.Locale;

/**
 * A wire fault being scripted: which requests ({@link BusFaults#onSend()}, {@link
 * BusFaults#onRecv()}, {@link BusFaults#onAll()}, narrowed by {@link #forAgent}), when among them
 * ({@link #next}, {@link #every}, {@link #withProbability}; every one until {@link
 * BusFaults#clear()} when none is given), then what: a terminal method ({@link #connectionReset()},
 * {@link #status(int)}...) adds the rule, which applies from the next request on.
 *
 * <p>Immutable: each narrowing returns a new rule, so one may be the start of several. A test holds
 * at most 32 rules at once; a terminal method beyond that throws {@link IllegalStateException}. The
 * {@code when} methods combine: {@code withProbability(0.3, 42).next(5)} faults at most five
 * requests.
 */
public final class WireRule {

  /** The longest delay or dribble: long enough for any client timeout, short enough to end. */
  public static final Duration MAX_DURATION = Duration.ofMinutes(10);

  /** Into how many chunks {@link #dribble(Duration)} cuts an answer. */
  static final int DRIBBLE_CHUNKS = 8;

  private final WireFaultRules rules;
  private final WireFaultRule.Requests requests;
  private final String agent;
  private final WireFaultRule.When when;

  WireRule(WireFaultRules rules, WireFaultRule.Requests requests) {
    this(rules, requests, null, WireFaultRule.When.ALWAYS);
  }

  private WireRule(
      WireFaultRules rules,
      WireFaultRule.Requests requests,
      String agent,
      WireFaultRule.When when) {
    this.rules = rules;
    this.requests = requests;
    this.agent = agent;
    this.when = when;
  }

  /**
   * Narrows the rule to one agent's requests: a recv whose {@code to} is the agent, a send whose
   * {@code from} is. Requests that name no agent ({@code /inbox}, {@code /healthz}) are left alone.
   *
   * @param name the agent's name
   * @return the narrowed rule
   * @throws IllegalArgumentException if the name is blank
   */
  public WireRule forAgent(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "forAgent(" + quoted(name) + "): give the agent's name, e.g. forAgent(\"bob\")");
    }
    return new WireRule(rules, requests, name, when);
  }

  /**
   * Faults only the next {@code n} requests the rule looks at, then lets all others pass.
   *
   * @param n how many, at least 1
   * @return the narrowed rule
   * @throws IllegalArgumentException if {@code n} is less than 1
   */
  public WireRule next(long n) {
    requirePositive("next", n);
    return new WireRule(
        rules,
        requests,
        agent,
        new WireFaultRule.When(n, when.every(), when.probability(), when.seed()));
  }

  /**
   * Faults every {@code n}-th request the rule looks at: the n-th, the 2n-th, and so on.
   *
   * @param n the period, at least 1
   * @return the narrowed rule
   * @throws IllegalArgumentException if {@code n} is less than 1
   */
  public WireRule every(long n) {
    requirePositive("every", n);
    return new WireRule(
        rules,
        requests,
        agent,
        new WireFaultRule.When(when.next(), n, when.probability(), when.seed()));
  }

  /**
   * Faults each request the rule looks at with probability {@code p}, drawn from a generator seeded
   * with {@code seed}: the same requests, in the order they reach the proxy, are picked run after
   * run, so a failure reproduces. Requests of several agents may reach the proxy in another order
   * from run to run: narrow with {@link #forAgent} for a sequence that never changes.
   *
   * @param p the chance, above 0 and at most 1
   * @param seed the generator's seed
   * @return the narrowed rule
   * @throws IllegalArgumentException if {@code p} is not above 0 and at most 1
   */
  public WireRule withProbability(double p, long seed) {
    if (!(p > 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(
          "withProbability(" + p + ", " + seed + "): p must be above 0 and at most 1, e.g. 0.3");
    }
    return new WireRule(
        rules, requests, agent, new WireFaultRule.When(when.next(), when.every(), p, seed));
  }

  /** Resets the connection: the request never reaches the bus, the client sees an I/O error. */
  public void connectionReset() {
    add(WireFault.Kind.CONNECTION_RESET, Duration.ZERO, 0);
  }

  /** Closes the connection without a byte of answer: the request never reaches the bus. */
  public void emptyResponse() {
    add(WireFault.Kind.EMPTY_RESPONSE, Duration.ZERO, 0);
  }

  /**
   * Answers a {@code 200} status line, then garbage where the body belongs, then closes: the
   * request never reaches the bus.
   */
  public void malformedResponse() {
    add(WireFault.Kind.MALFORMED_RESPONSE, Duration.ZERO, 0);
  }

  /** Answers random bytes, then closes: the request never reaches the bus. */
  public void randomDataThenClose() {
    add(WireFault.Kind.RANDOM_DATA_THEN_CLOSE, Duration.ZERO, 0);
  }

  /**
   * Passes the request to the bus and holds its answer back for {@code delay}. A client whose
   * request timeout is shorter gives up first, not knowing whether a send was accepted.
   *
   * @param delay how long, above zero and at most {@link #MAX_DURATION}
   * @throws IllegalArgumentException if the delay is out of those bounds
   */
  public void delay(Duration delay) {
    add(WireFault.Kind.DELAY, checked("delay", delay), 0);
  }

  /**
   * Passes the request to the bus and trickles its answer out in {@value #DRIBBLE_CHUNKS} chunks
   * spread over {@code duration}.
   *
   * @param duration how long the whole answer takes, above zero and at most {@link #MAX_DURATION}
   * @throws IllegalArgumentException if the duration is out of those bounds
   */
  public void dribble(Duration duration) {
    add(WireFault.Kind.DRIBBLE, checked("dribble", duration), 0);
  }

  /**
   * Answers {@code status} in place of the bus, with a JSON error body like the bus's own: a proxy
   * or load balancer in trouble (500, 502, 503) or a rate limit (429). A 429 or 503 carries {@code
   * Retry-After: 1}. The request never reaches the bus.
   *
   * @param status an error status, 400 to 599
   * @throws IllegalArgumentException if it is not one
   */
  public void status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "status("
              + status
              + "): a fault answers an error status, 400 to 599, e.g. 503, 502, 500 or 429");
    }
    add(WireFault.Kind.STATUS, Duration.ZERO, status);
  }

  /**
   * Emulates the hosted bus's web application firewall: of the requests the rule picks, those whose
   * {@code User-Agent} does not look like a browser's (the rule of the bus's own {@code waf}
   * option) get a 403 HTML page in place of the bus. Python's default {@code Python-urllib/3.x} is
   * blocked; {@code Mozilla/5.0} passes, and is not counted by {@link #next} or {@link #every}.
   */
  public void firewallBlock() {
    add(WireFault.Kind.FIREWALL_BLOCK, Duration.ZERO, 0);
  }

  private void add(WireFault.Kind kind, Duration duration, int status) {
    rules.add(new WireFaultRule(requests, agent, when, new WireFault(kind, duration, status)));
  }

  private static Duration checked(String method, Duration duration) {
    if (duration == null
        || duration.isNegative()
        || duration.isZero()
        || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          method
              + "("
              + duration
              + "): give a duration above zero and at most "
              + MAX_DURATION.toMinutes()
              + " minutes, e.g. Duration.ofMillis(500)");
    }
    return duration;
  }

  private static void requirePositive(String method, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          method + "(" + n + "): n counts requests and must be at least 1");
    }
  }

  private static String quoted(String name) {
    return name == null ? "null" : String.format(Locale.ROOT, "\"%s\"", name);
  }
}
