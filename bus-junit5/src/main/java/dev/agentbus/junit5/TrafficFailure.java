package dev.agentbus.junit5;

import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.util.Comparator;
import java.util.List;

/** Builds the message of a failed traffic assertion or await: what was expected, what came near. */
final class TrafficFailure {

  private static final int NEAREST = 3;

  private TrafficFailure() {}

  /**
   * @param problem the expectation and what went against it, one or two sentences
   * @param matcher what the expectation was about, to rank the nearest messages; {@code null} for
   *     none
   * @param report the traffic at the time of the failure
   * @return the error to throw
   */
  static AssertionError of(String problem, Sent matcher, TrafficReport report) {
    StringBuilder text = new StringBuilder(problem).append('\n');
    if (matcher != null && !report.messages().isEmpty()) {
      List<MessageOutcome> nearest =
          report.messages().stream()
              .sorted(
                  Comparator.comparingInt((MessageOutcome m) -> -matcher.score(m.message()))
                      .thenComparing(m -> m.message().seq()))
              .limit(NEAREST)
              .toList();
      text.append("Nearest messages:\n");
      for (MessageOutcome outcome : nearest) {
        text.append("  ").append(outcome.diagnosis()).append('\n');
      }
    }
    text.append('\n').append(Transcript.render(report));
    return new AssertionError(text.toString());
  }
}
