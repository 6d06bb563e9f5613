package dev.agentbus.maven;

import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which traffic fails the build, and the failure message that says why. Every message a poll never
 * returned counts, including one whose recipient had not polled again by the end of the build: at
 * that point it never will. The journal is bounded; where it gave up entries, the namespace's exact
 * counts still judge: every eviction of an unread message counts, as does every message whose
 * entries the journal gave up before a poll returned it, and every refusal, journaled or not.
 *
 * @param switchedOn the rules whose breaches fail the build
 * @param excludedNamespaces namespaces whose traffic is not judged: each pattern must match a whole
 *     namespace id (tests that misconfigure agents on purpose)
 */
record TrafficRules(Set<TrafficRule> switchedOn, List<Pattern> excludedNamespaces) {

  /** Copies the rules and the patterns so that they never change. */
  TrafficRules {
    EnumSet<TrafficRule> rules = EnumSet.noneOf(TrafficRule.class);
    rules.addAll(switchedOn);
    switchedOn = Collections.unmodifiableSet(rules);
    excludedNamespaces = List.copyOf(excludedNamespaces);
  }

  private boolean on(TrafficRule rule) {
    return switchedOn.contains(rule);
  }

  /**
   * @param report a namespace's report
   * @return whether its traffic is left unjudged
   */
  boolean excludes(TrafficReport report) {
    return excludedNamespaces.stream().anyMatch(p -> p.matcher(report.namespace()).matches());
  }

  /** Violations listed in a failure message; the summary file has them all. */
  static final int MAX_LISTED = 20;

  /**
   * @param reports one per namespace
   * @return every breach of a rule that is switched on, namespace by namespace, in journal order
   */
  List<Violation> check(List<TrafficReport> reports) {
    List<Violation> violations = new ArrayList<>();
    for (TrafficReport report : reports) {
      if (excludes(report)) {
        continue;
      }
      String namespace = BuildSummary.name(report);
      TrafficCounts counts = report.trafficCounts();
      // What counts say comes first: a flood's hundreds of evictions must not hide it.
      if (on(TrafficRule.DROPPED_RECORDS) && counts != null && counts.droppedUndelivered() > 0) {
        violations.add(
            new Violation(TrafficRule.DROPPED_RECORDS, namespace, droppedRecords(report, counts)));
      }
      for (MessageOutcome outcome : report.undelivered()) {
        if (outcome.status() == DeliveryStatus.DROPPED_BY_FAULT
            || outcome.status() == DeliveryStatus.LOST_IN_RESTART) {
          // A test asked the bus to drop it, or to lose it in a restart: no fault of the agents
          // or the bus.
          continue;
        }
        TrafficRule rule =
            switch (outcome.status()) {
              case CHANNEL_MISMATCH -> TrafficRule.CHANNEL_MISMATCH;
              case EVICTED -> TrafficRule.EVICTED;
              default -> TrafficRule.UNDELIVERED;
            };
        if (on(rule)) {
          violations.add(new Violation(rule, namespace, outcome.diagnosis()));
        }
      }
      if (on(TrafficRule.EVICTED)) {
        for (MessageEvicted eviction : report.evictedOutOfJournal()) {
          violations.add(
              new Violation(TrafficRule.EVICTED, namespace, TrafficAnalysis.diagnosis(eviction)));
        }
        if (counts != null && counts.evictionsLeftOut() > 0) {
          violations.add(
              new Violation(
                  TrafficRule.EVICTED,
                  namespace,
                  counts.evictionsLeftOut()
                      + (counts.evictionsLeftOut() == 1
                          ? " older message was"
                          : " older messages were")
                      + " evicted before any poll returned them; the bus kept no more of their"
                      + " identities"));
        }
      }
      if (on(TrafficRule.REJECTED)) {
        for (RequestRejected refusal : report.rejected()) {
          violations.add(
              new Violation(TrafficRule.REJECTED, namespace, BuildSummary.describe(refusal)));
        }
        long unjournaled = report.rejectedTotal() - report.rejected().size();
        if (unjournaled > 0) {
          violations.add(
              new Violation(
                  TrafficRule.REJECTED,
                  namespace,
                  unjournaled
                      + " more refused requests were counted but not journaled (by status: "
                      + BuildSummary.statuses(report.rejectedByStatus())
                      + ")"));
        }
      }
    }
    return violations;
  }

  private static String droppedRecords(TrafficReport report, TrafficCounts counts) {
    long dropped = counts.droppedUndelivered();
    return "the journal gave up the entries of "
        + dropped
        + (dropped == 1 ? " message" : " messages")
        + " before any poll returned "
        + (dropped == 1 ? "it" : "them")
        + ", so it cannot show what became of "
        + (dropped == 1 ? "it" : "them")
        + " ("
        + report.undeliveredOutOfJournal()
        + " still unread at the end); raise agentbus.journalLimit, or agentbus.memoryBudget (with"
        + " MAVEN_OPTS=-Xmx), to keep them";
  }

  /**
   * @param violations what {@link #check} found, not empty
   * @param summary the summary file, named so the reader knows where the rest is
   * @return the build failure's message: each violation with its diagnosis, then what to do
   */
  static String failureMessage(List<Violation> violations, String summary) {
    StringBuilder out =
        new StringBuilder("agent-bus traffic of this build broke ")
            .append(violations.size())
            .append(violations.size() == 1 ? " rule:\n" : " rules:\n");
    for (Violation violation : violations.subList(0, Math.min(violations.size(), MAX_LISTED))) {
      out.append("  ").append(violation.line()).append('\n');
    }
    if (violations.size() > MAX_LISTED) {
      out.append("  ... and ").append(violations.size() - MAX_LISTED).append(" more\n");
    }
    List<String> switches = new ArrayList<>();
    for (TrafficRule rule : TrafficRule.values()) {
      if (violations.stream().anyMatch(v -> v.rule() == rule)) {
        switches.add("-Dagentbus." + rule.parameter() + "=false");
      }
    }
    boolean mismatch = violations.stream().anyMatch(v -> v.rule() == TrafficRule.CHANNEL_MISMATCH);
    return out.append("Every message and its outcome: ")
        .append(summary)
        .append(". Fix the agents")
        .append(
            mismatch
                ? " (a channel mismatch means sender and recipient disagree on AGENT_BUS_CHANNEL)"
                : "")
        .append(", or, where this traffic is intended, switch the rule off: ")
        .append(String.join(" ", switches))
        .toString();
  }
}
