package dev.agentbus.junit5;

import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.util.List;

/**
 * Assertions about the messages a {@link Sent} matcher selects, checked against the traffic as it
 * stood when {@link Traffic#assertThat(Sent)} was called. Each method throws an {@link
 * AssertionError} naming the expectation, the nearest actual messages and the test's transcript;
 * each returns an assertion to chain. Never blocks; use {@link Traffic}'s awaits first when agents
 * run on other threads or processes. Immutable.
 *
 * <p>{@link #times(int)} and {@link #exactlyOnce()} count what the assertion before them names, so
 * that a chain reads as it checks: after {@link #wasDelivered()} they count deliveries (polls that
 * returned a matching message, a message read twice counting twice); first in the chain, or after
 * {@link #wasSent()}, {@link #wasNotDelivered()} or {@link #hasStatus}, they count sends.
 *
 * <pre>{@code
 * // alice sent one message to bob, and bob read it twice (a poll that forgot its cursor):
 * traffic.assertThat(Sent.by("alice").to("bob")).wasSent().times(1);      // passes: 1 send
 * traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(2); // passes: 2 deliveries
 * traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().exactlyOnce(); // fails: 2, not 1
 * }</pre>
 */
public final class MessageAssert {

  /** What {@link #times(int)} and {@link #exactlyOnce()} count. */
  private enum Counting {
    SENDS,
    DELIVERIES
  }

  private final Sent matcher;
  private final TrafficReport report;
  private final List<MessageOutcome> matching;
  private final Counting counting;
  private final Traffic traffic;

  MessageAssert(Sent matcher, TrafficReport report, Traffic traffic) {
    this(
        matcher,
        report,
        report.messages().stream().filter(m -> matcher.test(m.message())).toList(),
        Counting.SENDS,
        traffic);
  }

  private MessageAssert(
      Sent matcher,
      TrafficReport report,
      List<MessageOutcome> matching,
      Counting counting,
      Traffic traffic) {
    this.matcher = matcher;
    this.report = report;
    this.matching = matching;
    this.counting = counting;
    this.traffic = traffic;
  }

  /**
   * At least one matching message was sent. A {@link #times(int)} or {@link #exactlyOnce()} after
   * it counts sends.
   *
   * @return the assertions, counting sends
   */
  public MessageAssert wasSent() {
    if (matching.isEmpty()) {
      throw fail("Expected " + matcher + " to have been sent, but none was.");
    }
    return counting(Counting.SENDS);
  }

  /**
   * At least one matching message was sent, and every one was delivered. A {@link #times(int)} or
   * {@link #exactlyOnce()} after it counts deliveries, not sends.
   *
   * @return the assertions, counting deliveries
   */
  public MessageAssert wasDelivered() {
    wasSent();
    for (MessageOutcome outcome : matching) {
      if (outcome.status() != DeliveryStatus.DELIVERED) {
        throw fail(
            "Expected " + matcher + " to have been delivered, but " + outcome.diagnosis() + ".");
      }
    }
    return counting(Counting.DELIVERIES);
  }

  /**
   * The same as {@link #times(int) times(1)}: after {@link #wasDelivered()}, exactly one poll
   * returned a matching message (one was sent, and no poll read it again); otherwise, exactly one
   * matching message was sent.
   *
   * @return this
   */
  public MessageAssert exactlyOnce() {
    if (counting == Counting.DELIVERIES) {
      int deliveries = deliveries();
      if (deliveries != 1) {
        throw fail(
            "Expected "
                + matcher
                + " to have been delivered exactly once, but "
                + deliveriesFound(deliveries)
                + ".");
      }
      return this;
    }
    if (matching.size() != 1) {
      throw fail(
          "Expected exactly one "
              + matcher.toString().substring("a ".length())
              + ", but "
              + matching.size()
              + (matching.size() == 1 ? " was" : " were")
              + " sent.");
    }
    return this;
  }

  /**
   * Exactly {@code count} of what the assertion before counts: after {@link #wasDelivered()},
   * deliveries, i.e. polls that returned a matching message, summed over the matching messages (one
   * message read by two polls is delivered 2 times); otherwise, matching messages sent.
   *
   * <pre>{@code
   * traffic.assertThat(Sent.by("alice").to("bob")).times(3);                // 3 sent
   * traffic.assertThat(Sent.by("alice").to("bob")).wasDelivered().times(3); // 3 deliveries
   * }</pre>
   *
   * @param count how many
   * @return this
   */
  public MessageAssert times(int count) {
    if (counting == Counting.DELIVERIES) {
      int deliveries = deliveries();
      if (deliveries != count) {
        throw fail(
            "Expected "
                + matcher
                + " to have been delivered "
                + timesWord(count)
                + ", but "
                + deliveriesFound(deliveries)
                + ".");
      }
      return this;
    }
    if (matching.size() != count) {
      throw fail(
          "Expected "
              + matcher
              + " to have been sent "
              + timesWord(count)
              + ", but "
              + matching.size()
              + (matching.size() == 1 ? " was" : " were")
              + " sent.");
    }
    return this;
  }

  /**
   * At least one matching message was sent, and none was delivered. A {@link #times(int)} or {@link
   * #exactlyOnce()} after it counts sends.
   *
   * @return the assertions, counting sends
   */
  public MessageAssert wasNotDelivered() {
    wasSent();
    for (MessageOutcome outcome : matching) {
      if (outcome.status() == DeliveryStatus.DELIVERED) {
        throw fail(
            "Expected " + matcher + " not to have been delivered, but " + outcome.diagnosis());
      }
    }
    return counting(Counting.SENDS);
  }

  /**
   * At least one matching message was sent, and every one has this status, e.g. {@link
   * DeliveryStatus#CHANNEL_MISMATCH}.
   *
   * @param status the expected outcome
   * @return the assertions, counting sends
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
    return counting(Counting.SENDS);
  }

  /**
   * @return the matching messages with their outcomes, in the order sent, for assertions of your
   *     own
   */
  public List<MessageOutcome> outcomes() {
    return matching;
  }

  private MessageAssert counting(Counting what) {
    return what == counting ? this : new MessageAssert(matcher, report, matching, what, traffic);
  }

  /** Polls that returned a matching message, each message counted once per poll that read it. */
  private int deliveries() {
    return matching.stream().mapToInt(m -> m.receipts().size()).sum();
  }

  private String deliveriesFound(int deliveries) {
    return "polls returned "
        + (matching.size() == 1 ? "it " : "the " + matching.size() + " messages sent ")
        + timesWord(deliveries);
  }

  private static String timesWord(int count) {
    return count == 1 ? "once" : count + " times";
  }

  private AssertionError fail(String problem) {
    return traffic.failure(problem, matcher, report);
  }
}
