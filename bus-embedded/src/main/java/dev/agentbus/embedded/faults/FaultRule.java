package dev.agentbus.embedded.faults;

import java.time.Duration;

/**
 * One fault the bus injects into its own delivery, and which sends it touches. Immutable; validated
 * on construction, so that a rule that exists can be applied.
 *
 * <p>A rule sees every send that matches its {@code from} and {@code to}, and its {@link Selection}
 * picks among those: the next {@code n}, every {@code n}th, or each with a probability drawn from a
 * generator seeded with {@code seed}, so that the same sends in the same order are picked again on
 * another run. The rules of a namespace are asked in the order they were added: the first that
 * picks a send applies, and the rules after it do not see that send (so {@code next(1).drop()} then
 * {@code next(1).duplicate()} drops one message and duplicates the one after it).
 *
 * @param fault what happens to a picked message
 * @param selection which of the matching sends are picked
 * @param from only sends from this agent, or {@code null} for any sender
 * @param to only sends to this agent, or {@code null} for any recipient
 * @param holdFor how long a held-back message stays invisible; {@code null} for the other faults
 */
public record FaultRule(
    Fault fault, Selection selection, String from, String to, Duration holdFor) {

  /** The longest a message may be held back: a forgotten rule must not hold traffic for a day. */
  public static final Duration MAX_HOLD = Duration.ofHours(1);

  /** The largest {@code n} of {@code next(n)} and {@code every(n)}. */
  public static final int MAX_COUNT = 1_000_000;

  /** What a fault does to a message it picks. */
  public enum Fault {
    /**
     * The send is answered 200 with a timestamp as usual, but the message is never queued: a lossy
     * bus. The journal records it as sent and then dropped on purpose.
     */
    DROP,
    /**
     * The message is queued twice: the copy right after it, with the next, later timestamp, so that
     * a recipient that keeps its cursor by {@code ts} reads it twice. Agents must de-duplicate.
     */
    DUPLICATE,
    /**
     * The message is accepted but enters its queue only after {@code holdFor}, with the timestamp
     * of that moment (so that a cursor that moved past later messages in the meantime still reads
     * it); a poll parked meanwhile is answered when it enters.
     */
    HOLD_BACK
  }

  /**
   * Which of the sends a rule matches it picks.
   *
   * @param kind how it picks
   * @param n for {@link Kind#NEXT} and {@link Kind#EVERY}: how many, or every how many; else 0
   * @param probability for {@link Kind#PROBABILITY}: the chance of each send, 0 to 1; else 0
   * @param seed for {@link Kind#PROBABILITY}: the generator's seed; else 0
   */
  public record Selection(Kind kind, int n, double probability, long seed) {

    /** How a selection picks. */
    public enum Kind {
      /** The next {@code n} matching sends, then none. */
      NEXT,
      /** The {@code n}th matching send, the {@code 2n}th, and so on. */
      EVERY,
      /** Each matching send with a probability, drawn from a seeded generator. */
      PROBABILITY
    }

    /**
     * Refuses counts and probabilities out of bounds, naming the rule.
     *
     * @param kind how it picks
     * @param n for {@link Kind#NEXT} and {@link Kind#EVERY}: how many, or every how many; else 0
     * @param probability for {@link Kind#PROBABILITY}: the chance of each send, 0 to 1; else 0
     * @param seed for {@link Kind#PROBABILITY}: the generator's seed; else 0
     */
    public Selection {
      if (kind == null) {
        throw new IllegalArgumentException(
            "a fault's selection needs a kind; use next(n), every(n) or withProbability(p, seed)");
      }
      if (kind != Kind.PROBABILITY && (n < 1 || n > MAX_COUNT)) {
        throw new IllegalArgumentException(
            (kind == Kind.NEXT ? "next" : "every")
                + " must be 1 to "
                + MAX_COUNT
                + ", got "
                + n
                + "; pick a count of sends in that range");
      }
      if (kind == Kind.PROBABILITY && !(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException(
            "probability must be 0 to 1, got "
                + probability
                + "; give the chance of each send, e.g. 0.25");
      }
    }

    /**
     * @param n how many
     * @return the next {@code n} matching sends
     */
    public static Selection next(int n) {
      return new Selection(Kind.NEXT, n, 0, 0);
    }

    /**
     * @param n every how many
     * @return every {@code n}th matching send
     */
    public static Selection every(int n) {
      return new Selection(Kind.EVERY, n, 0, 0);
    }

    /**
     * @param probability the chance of each send, 0 to 1
     * @param seed the generator's seed: the same seed picks the same sends in the same order
     * @return each matching send with that probability
     */
    public static Selection withProbability(double probability, long seed) {
      return new Selection(Kind.PROBABILITY, 0, probability, seed);
    }
  }

  /**
   * Refuses a rule that could not be applied, naming what is wrong and how to fix it.
   *
   * @param fault what happens to a picked message
   * @param selection which of the matching sends are picked
   * @param from only sends from this agent, or {@code null} for any sender
   * @param to only sends to this agent, or {@code null} for any recipient
   * @param holdFor how long a held-back message stays invisible; {@code null} for the other faults
   */
  public FaultRule {
    if (fault == null) {
      throw new IllegalArgumentException(
          "a fault rule needs a fault; use drop(), duplicate() or holdBack(duration)");
    }
    if (selection == null) {
      throw new IllegalArgumentException(
          "a fault rule needs a selection; use next(n), every(n) or withProbability(p, seed)");
    }
    checkAgent("from", from);
    checkAgent("to", to);
    if (fault == Fault.HOLD_BACK) {
      if (holdFor == null || holdFor.isNegative() || holdFor.isZero()) {
        throw new IllegalArgumentException(
            "holdFor must be a positive duration for a held-back message, got "
                + holdFor
                + "; give how long the message stays invisible, e.g. 500 ms");
      }
      if (holdFor.compareTo(MAX_HOLD) > 0) {
        throw new IllegalArgumentException(
            "holdFor must be at most "
                + MAX_HOLD.toMinutes()
                + " minutes, got "
                + holdFor.toMillis()
                + " ms; hold a message for less");
      }
    } else if (holdFor != null) {
      throw new IllegalArgumentException(
          "holdFor applies to held-back messages only, got "
              + holdFor.toMillis()
              + " ms for "
              + fault.name().toLowerCase(java.util.Locale.ROOT)
              + "; leave it out");
    }
  }

  private static void checkAgent(String field, String agent) {
    if (agent != null && agent.isEmpty()) {
      throw new IllegalArgumentException(
          field + " must name an agent when given, got an empty name; leave it out for any agent");
    }
  }

  /**
   * @param from the sender
   * @param to the recipient
   * @return whether a send between them is one this rule looks at
   */
  public boolean matches(String from, String to) {
    return (this.from == null || this.from.equals(from)) && (this.to == null || this.to.equals(to));
  }
}
