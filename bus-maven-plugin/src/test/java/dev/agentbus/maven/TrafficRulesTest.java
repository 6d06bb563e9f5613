package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrafficRulesTest {

  private static final TrafficRules ALL_ON =
      new TrafficRules(EnumSet.allOf(TrafficRule.class), List.of());

  private static TrafficRules allBut(TrafficRule... off) {
    return new TrafficRules(EnumSet.complementOf(EnumSet.copyOf(List.of(off))), List.of());
  }

  private static TrafficReport mismatch() {
    return new Journals().sent("alice", "bob", null, "ping").polled("bob", "c-7").report("t-1");
  }

  private static TrafficReport neverPolled() {
    return new Journals().sent("carol", "dave", "c-9", "anyone?").report("t-2");
  }

  private static TrafficReport rejected() {
    return new Journals()
        .rejected("POST", "/send", 400, "field \"msg\" must be a string, got a number")
        .report("t-3");
  }

  @Test
  void evictionsTheJournalNoLongerShowsBreakTheEvictedRuleWithTheirIdentities() {
    assertThat(ALL_ON.check(List.of(Journals.flooded())))
        .filteredOn(violation -> violation.rule() == TrafficRule.EVICTED)
        .extracting(Violation::diagnosis)
        .containsExactly(
            "alice -> bob-0 (channel c, ts 1795617600.1; its send is no longer in the journal) was"
                + " never delivered: it was evicted from bob-0's queue first, to make room in the"
                + " bus's memory budget for newer traffic",
            "2 older messages were evicted before any poll returned them; the bus kept no more of"
                + " their identities");
  }

  @Test
  void entriesDroppedBeforeAnyPollReturnedThemBreakTheDroppedRecordsRule() {
    assertThat(ALL_ON.check(List.of(Journals.flooded())))
        .filteredOn(violation -> violation.rule() == TrafficRule.DROPPED_RECORDS)
        .extracting(Violation::diagnosis)
        .singleElement()
        .asString()
        .startsWith(
            "the journal gave up the entries of 5 messages before any poll returned them, so it"
                + " cannot show what became of them (0 still unread at the end)");
  }

  @Test
  void refusalsCountedButNotJournaledBreakTheRejectedRule() {
    assertThat(ALL_ON.check(List.of(Journals.flooded())))
        .filteredOn(violation -> violation.rule() == TrafficRule.REJECTED)
        .extracting(Violation::diagnosis)
        .containsExactly(
            "3000 more refused requests were counted but not journaled (by status: 401: 3000)");
  }

  @Test
  void evictedAndDroppedRecordsCanEachBeSwitchedOff() {
    TrafficRules evictedOff = allBut(TrafficRule.EVICTED, TrafficRule.REJECTED);
    TrafficRules droppedOff = allBut(TrafficRule.DROPPED_RECORDS, TrafficRule.REJECTED);

    assertThat(evictedOff.check(List.of(Journals.flooded())))
        .extracting(Violation::rule)
        .containsOnly(TrafficRule.DROPPED_RECORDS);
    assertThat(droppedOff.check(List.of(Journals.flooded())))
        .extracting(Violation::rule)
        .containsOnly(TrafficRule.EVICTED);
  }

  @Test
  void deliveredTrafficBreaksNoRule() {
    TrafficReport clean =
        new Journals().sent("alice", "bob", "c-7", "hi").polled("bob", "c-7").report("t-0");

    assertThat(ALL_ON.check(List.of(clean))).isEmpty();
  }

  @Test
  void aMessageDroppedOnPurposeByAnInBusFaultBreaksNoRule() {
    TrafficReport dropped =
        new Journals().sent("alice", "bob", "c-7", "hi").droppedOnPurpose().report("t-0");

    assertThat(ALL_ON.check(List.of(dropped))).isEmpty();
  }

  @Test
  void aMessageLostInARestartATestAskedForBreaksNoRule() {
    TrafficReport lost =
        new Journals().sent("alice", "bob", "c-7", "hi").lostInRestart().report("t-0");

    assertThat(ALL_ON.check(List.of(lost))).isEmpty();
  }

  @Test
  void aChannelMismatchIsReportedWithItsDiagnosis() {
    assertThat(ALL_ON.check(List.of(mismatch())))
        .containsExactly(
            new Violation(
                TrafficRule.CHANNEL_MISMATCH,
                "t-1",
                "alice -> bob \"ping\" (channel default, none given) was never delivered:"
                    + " bob only polled channel c-7"));
  }

  @Test
  void aMismatchIsNotAlsoCountedAsUndelivered() {
    TrafficRules mismatchOff = allBut(TrafficRule.CHANNEL_MISMATCH);

    assertThat(mismatchOff.check(List.of(mismatch()))).isEmpty();
  }

  @Test
  void aMessageNobodyPolledForIsUndelivered() {
    assertThat(ALL_ON.check(List.of(neverPolled())))
        .extracting(Violation::rule, Violation::namespace)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(TrafficRule.UNDELIVERED, "t-2"));
  }

  @Test
  void undeliveredCanBeSwitchedOff() {
    assertThat(allBut(TrafficRule.UNDELIVERED).check(List.of(neverPolled()))).isEmpty();
  }

  @Test
  void aRejectedRequestIsReportedWithStatusAndError() {
    assertThat(ALL_ON.check(List.of(rejected())))
        .extracting(Violation::line)
        .containsExactly(
            "rejected request: [t-3] POST /send 400: field \"msg\" must be a string, got a number");
  }

  @Test
  void rejectedCanBeSwitchedOff() {
    assertThat(allBut(TrafficRule.REJECTED).check(List.of(rejected()))).isEmpty();
  }

  @Test
  void theRulesAreFixedWhenTheyAreMade() {
    EnumSet<TrafficRule> switchedOn = EnumSet.noneOf(TrafficRule.class);
    TrafficRules none = new TrafficRules(switchedOn, List.of());

    switchedOn.add(TrafficRule.REJECTED);

    assertThat(none.check(List.of(rejected()))).isEmpty();
  }

  @Test
  void anExcludedNamespaceIsNotJudgedWhileOthersStillAre() {
    TrafficRules rules =
        new TrafficRules(EnumSet.allOf(TrafficRule.class), List.of(Pattern.compile("t-[12]")));

    assertThat(rules.check(List.of(mismatch(), neverPolled(), rejected())))
        .extracting(Violation::namespace)
        .containsExactly("t-3");
  }

  @Test
  void anExclusionMustMatchTheWholeNamespaceId() {
    TrafficRules rules =
        new TrafficRules(EnumSet.allOf(TrafficRule.class), List.of(Pattern.compile("t")));

    assertThat(rules.check(List.of(mismatch()))).hasSize(1);
  }

  @Test
  void theFailureMessageListsEachViolationAndHowToSwitchItsRuleOff() {
    List<Violation> violations = ALL_ON.check(List.of(mismatch(), rejected()));

    String message = TrafficRules.failureMessage(violations, "target/agent-bus/summary.txt");

    assertThat(message)
        .startsWith("agent-bus traffic of this build broke 2 rules:\n")
        .contains("  channel mismatch: [t-1] alice -> bob \"ping\"")
        .contains("  rejected request: [t-3] POST /send 400")
        .contains("target/agent-bus/summary.txt")
        .contains("-Dagentbus.failOnChannelMismatch=false -Dagentbus.failOnRejected=false")
        .doesNotContain("failOnUndelivered");
  }

  @Test
  void theFailureMessageExplainsAChannelMismatchOnlyWhenThereIsOne() {
    String withMismatch =
        TrafficRules.failureMessage(ALL_ON.check(List.of(mismatch())), "summary.txt");
    String without = TrafficRules.failureMessage(ALL_ON.check(List.of(rejected())), "summary.txt");

    assertThat(withMismatch).contains("disagree on AGENT_BUS_CHANNEL");
    assertThat(without).doesNotContain("channel mismatch").contains("Fix the agents, or");
  }

  @Test
  void theFailureMessageListsAtMostTwentyViolations() {
    Journals journals = new Journals();
    for (int i = 0; i < 25; i++) {
      journals.sent("alice", "bob", "c-" + i, "m" + i);
    }
    List<Violation> violations = ALL_ON.check(List.of(journals.report("t-4")));

    String message = TrafficRules.failureMessage(violations, "summary.txt");

    assertThat(violations).hasSize(25);
    assertThat(message.lines().filter(l -> l.startsWith("  undelivered: "))).hasSize(20);
    assertThat(message).contains("  ... and 5 more\n");
  }
}
