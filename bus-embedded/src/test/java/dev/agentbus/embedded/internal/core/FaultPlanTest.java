package dev.agentbus.embedded.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.FaultRule.Fault;
import dev.agentbus.embedded.faults.FaultRule.Selection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which sends a namespace's fault rules pick: decided by counting, never by the clock. */
class FaultPlanTest {

  private static FaultRule drop(Selection selection, String from, String to) {
    return new FaultRule(Fault.DROP, selection, from, to, null);
  }

  /** The 1-based positions of the sends from alice to bob that the plan picks, of {@code sends}. */
  private static List<Integer> picked(FaultPlan plan, int sends) {
    List<Integer> picked = new ArrayList<>();
    for (int i = 1; i <= sends; i++) {
      if (plan.decide("alice", "bob") != null) {
        picked.add(i);
      }
    }
    return picked;
  }

  @Test
  void nextPicksTheNextNSendsThenNone() {
    FaultPlan plan = new FaultPlan();
    plan.add(drop(Selection.next(2), null, null));

    assertThat(picked(plan, 5)).containsExactly(1, 2);
  }

  @Test
  void everyPicksTheNthSendAndEachNthAfter() {
    FaultPlan plan = new FaultPlan();
    plan.add(drop(Selection.every(3), null, null));

    assertThat(picked(plan, 10)).containsExactly(3, 6, 9);
  }

  @Test
  void aSeededProbabilityPicksTheSameSendsEveryTime() {
    FaultPlan first = new FaultPlan();
    FaultPlan second = new FaultPlan();
    first.add(drop(Selection.withProbability(0.3, 7), null, null));
    second.add(drop(Selection.withProbability(0.3, 7), null, null));

    assertThat(picked(first, 100)).isEqualTo(picked(second, 100)).isNotEmpty();
  }

  @Test
  void aRuleNarrowedToARecipientCountsOnlyItsSends() {
    FaultPlan plan = new FaultPlan();
    plan.add(drop(Selection.every(2), null, "bob"));

    assertThat(plan.decide("alice", "carol")).isNull();
    assertThat(plan.decide("alice", "bob")).isNull();
    assertThat(plan.decide("alice", "carol")).isNull();
    assertThat(plan.decide("alice", "bob")).isNotNull();
  }

  @Test
  void clearLeavesNoRule() {
    FaultPlan plan = new FaultPlan();
    plan.add(drop(Selection.every(1), null, null));

    plan.clear();

    assertThat(picked(plan, 3)).isEmpty();
  }
}
