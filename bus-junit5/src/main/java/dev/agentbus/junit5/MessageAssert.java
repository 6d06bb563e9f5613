package dev.agentbus.junit5;

import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.List;

/**
 * Assertions about the messages a {@link Sent} matcher selects, checked against the traffic as it
 * stood when {@link Traffic#assertThat(Sent)} was called. Each method throws an {@link
 * AssertionError} naming the expectation, the nearest actual messages and the test's transcript;
 * each returns this object to chain. Never blocks; use {@link Traffic}'s awaits first when agents
 * run on other threads or processes.
 */
public final class MessageAssert {

  private final Sent matcher;
  private final TrafficReport report;
  private final List<MessageOutcome> matching;

  MessageAssert(Sent matcher, TrafficReport report) {
    this.matcher = matcher;
    this.report = report;
    this.matching = report.messages().stream().filter(m -> matcher.test(m.message())).toList();
  }

  /**
   * At least one matching message was sent.
   *
   * @return this
   */
  public MessageAssert wasSent() {
    if (matching.isEmpty()) {
      throw fail("Expected " + matcher + " to have been sent, but none was.");
    }
    return this;
  }

  /**
   * At least one matching message was sent, and every one was delivered.
   *
   * @return this
   */
  public MessageAssert wasDelivered() {
    wasSent();
    for (MessageOutcome outcome : matching) {
      if (outcome.status() != DeliveryStatus.DELIVERED) {
        throw fail(
            "Expected " + matcher + " to have been delivered, but " + outcome.diagnosis() + ".");
      }
    }
    return this;
  }

  /**
   * Exactly one matching message was sent, and no poll returned it more than once.
   *
   * @return this
   */
  public MessageAssert exactlyOnce() {
    if (matching.size() != 1) {
      throw fail(
          "Expected exactly one "
              + matcher.toString().substring("a ".length())
              + ", but "
              + matching.size()
              + " were sent.");
    }
    MessageOutcome outcome = matching.get(0);
    if (outcome.deliveredMoreThanOnce()) {
      throw fail(
          "Expected "
              + matcher
              + " to have been delivered once, but "
              + outcome.receipts().size()
              + " polls returned it.");
    }
    return this;
  }

  /**
   * Exactly {@code count} matching messages were sent.
   *
   * @param count how many
   * @return this
   */
  public MessageAssert times(int count) {
    if (matching.size() != count) {
      throw fail(
          "Expected "
              + count
              + " times "
              + matcher
              + ", but "
              + matching.size()
              + (matching.size() == 1 ? " was" : " were")
              + " sent.");
    }
    return this;
  }

  /**
   * At least one matching message was sent, and none was delivered.
   *
   * @return this
   */
  public MessageAssert wasNotDelivered() {
    wasSent();
    for (MessageOutcome outcome : matching) {
      if (outcome.status() == DeliveryStatus.DELIVERED) {
        throw fail(
            "Expected " + matcher + " not to have been delivered, but " + outcome.diagnosis());
      }
    }
    return this;
  }

  /**
   * At least one matching message was sent, and every one has this status, e.g. {@link
   * DeliveryStatus#CHANNEL_MISMATCH}.
   *
   * @param status the expected outcome
   * @return this
   */
  public MessageAssert hasStatus(DeliveryStatus status) {
    wasSent();
    for (MessageOutcome outcome : matching) {
      if (outcome.status() != status) {
        throw fail(
            "Expected "
                + matcher
                + " to be "
                + status
                + ", but it is "
                + outcome.status()
                + ": "
                + outcome.diagnosis());
      }
    }
    return this;
  }

  /**
   * @return the matching messages with their outcomes, in the order sent, for assertions of your
   *     own
   */
  public List<MessageOutcome> outcomes() {
    return matching;
  }

  private AssertionError fail(String problem) {
    return TrafficFailure.of(problem, matcher, report);
  }
}
