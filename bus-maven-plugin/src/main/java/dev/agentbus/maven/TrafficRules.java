package dev.agentbus.maven;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which traffic fails the build, and the failure message that says why. Every message a poll never
 * returned counts, including one whose recipient had not polled again by the end of the build: at
 * that point it never will.
 *
 * @param failOnChannelMismatch fail when a message's recipient polled only other channels
 * @param failOnUndelivered fail when a message reached nobody for any other reason
 * @param failOnRejected fail when the bus refused a request
 * @param excludedNamespaces namespaces whose traffic is not judged: each pattern must match a whole
 *     namespace id (tests that misconfigure agents on purpose)
 */
record TrafficRules(
    boolean failOnChannelMismatch,
    boolean failOnUndelivered,
    boolean failOnRejected,
    List<Pattern> excludedNamespaces) {

  /** Copies the patterns so that the rules never change. */
  TrafficRules {
    excludedNamespaces = List.copyOf(excludedNamespaces);
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
      for (MessageOutcome outcome : report.undelivered()) {
        boolean mismatch = outcome.status() == DeliveryStatus.CHANNEL_MISMATCH;
        if (mismatch && failOnChannelMismatch) {
          violations.add(
              new Violation(TrafficRule.CHANNEL_MISMATCH, namespace, outcome.diagnosis()));
        } else if (!mismatch && failOnUndelivered) {
          violations.add(new Violation(TrafficRule.UNDELIVERED, namespace, outcome.diagnosis()));
        }
      }
      if (failOnRejected) {
        for (RequestRejected refusal : report.rejected()) {
          violations.add(
              new Violation(TrafficRule.REJECTED, namespace, BuildSummary.describe(refusal)));
        }
      }
    }
    return violations;
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
