package dev.agentbus.embedded.internal.core;

import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.InBusFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults a namespace injects into its own delivery, and the decision for each send: which rule,
 * if any, picks it. Deterministic: the same rules and the same sends in the same order give the
 * same decisions, the random ones drawn from each rule's seeded generator.
 *
 * <p>Not thread-safe, and no lock of its own: the owning {@link Namespace}'s lock guards every
 * call, so a decision is one step with the send it decides.
 */
final class FaultPlan {

  /** One rule and how far it has counted. */
  private static final class Active {
    final FaultRule rule;
    final SplittableRandom random;
    long matched;

    Active(FaultRule rule) {
      this.rule = rule;
      this.random =
          rule.selection().kind() == FaultRule.Selection.Kind.PROBABILITY
              ? new SplittableRandom(rule.selection().seed())
              : null;
    }

    /** Counts a matching send and says whether this rule picks it. */
    boolean picks() {
      matched++;
      FaultRule.Selection selection = rule.selection();
      return switch (selection.kind()) {
        case NEXT -> matched <= selection.n();
        case EVERY -> matched % selection.n() == 0;
        case PROBABILITY -> random.nextDouble() < selection.probability();
      };
    }
  }

  private final List<Active> rules = new ArrayList<>();

  /**
   * @throws IllegalStateException if the plan holds {@link InBusFaults#MAX_RULES} already
   */
  void add(FaultRule rule) {
    if (rules.size() >= InBusFaults.MAX_RULES) {
      throw new IllegalStateException(
          "a namespace holds at most "
              + InBusFaults.MAX_RULES
              + " fault rules and this one has "
              + rules.size()
              + "; clear() them, or combine rules with every(n) or withProbability(p, seed)");
    }
    rules.add(new Active(rule));
  }

  void clear() {
    rules.clear();
  }

  /**
   * Asks the rules in the order they were added; the first that picks the send applies, and the
   * rules after it do not see the send (so {@code next(1).drop()} then {@code next(1).duplicate()}
   * drops one message and duplicates the one after).
   *
   * @return the rule to apply, or {@code null} for normal delivery
   */
  FaultRule decide(String from, String to) {
    for (Active active : rules) {
      if (active.rule.matches(from, to) && active.picks()) {
        return active.rule;
      }
    }
    return null;
  }
}
