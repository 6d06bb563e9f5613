package dev.agentbus.junit5;

import dev.agentbus.embedded.NamespaceView;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.TrafficReport;
import dev.agentbus.embedded.traffic.Transcript;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.opentest4j.MultipleFailuresError;

/**
 * What crossed one test's namespace: read it, wait for it, assert on it. Inject it as a test
 * parameter or get it from {@link AgentBus#traffic()}.
 *
 * <p>Reads and assertions look at the traffic as it stands when called, the polls parked at that
 * moment included: an agent that listens has its poll parked on the bus, so a message to it on a
 * channel it is not parked on is a channel mismatch at once, while it waits. Awaits block the
 * calling thread until the journal records the event (they wake on it, never poll) or the timeout
 * passes, and then fail with an {@link AssertionError} that shows the test's transcript. Every
 * failure names the expectation, the nearest actual messages and the transcript. Thread-safe.
 */
public final class Traffic {

  /** The timeout of the awaits that take none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final NamespaceView namespace;
  private final String channel;

  /**
   * The failures raised here, each showing the transcript, so that the extension does not print the
   * transcript of a test that failed on one of them a second time.
   */
  private final Set<Throwable> failuresWithTranscript =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  Traffic(NamespaceView namespace, String channel) {
    this.namespace = namespace;
    this.channel = channel;
  }

  /**
   * @return the analysed traffic as it stands: every message with its delivery outcome
   */
  public TrafficReport report() {
    return namespace.traffic();
  }

  /**
   * @return the traffic rendered for a human, one line per message with its fate
   */
  public String transcript() {
    return Transcript.render(report());
  }

  /**
   * @return every message sent in this test, in order
   */
  public List<MessageSent> sent() {
    return report().messages().stream().map(MessageOutcome::message).toList();
  }

  /**
   * @return the messages a poll returned, with their receipts
   */
  public List<MessageOutcome> delivered() {
    return report().messages().stream()
        .filter(m -> m.status() == DeliveryStatus.DELIVERED)
        .toList();
  }

  /**
   * @return the messages no poll returned yet, each with the reason
   */
  public List<MessageOutcome> undelivered() {
    return report().undelivered();
  }

  /**
   * @return the messages that reached their recipient's other channels only
   */
  public List<MessageOutcome> channelMismatches() {
    return report().messages().stream()
        .filter(m -> m.status() == DeliveryStatus.CHANNEL_MISMATCH)
        .toList();
  }

  /**
   * @return the requests the bus refused (bad input, firewall, token), with the answer sent back
   */
  public List<RequestRejected> rejected() {
    return report().rejected();
  }

  /**
   * @return the messages evicted (from full queues, or for the memory budget), in order: those the
   *     journal still holds, and the unread ones whose entries it gave up as far as the bus kept
   *     their identities ({@link dev.agentbus.embedded.journal.TrafficCounts#evictions()})
   */
  public List<MessageEvicted> evictions() {
    Map<Long, MessageEvicted> bySeq = new TreeMap<>();
    for (MessageEvicted kept : namespace.counts().evictions()) {
      bySeq.put(kept.seq(), kept);
    }
    for (JournalEntry entry : namespace.journal().entries()) {
      if (entry instanceof MessageEvicted evicted) {
        bySeq.put(evicted.seq(), evicted);
      }
    }
    return List.copyOf(bySeq.values());
  }

  /**
   * Starts assertions about the messages {@code matcher} selects, as the traffic stands now.
   *
   * @param matcher which messages, e.g. {@code Sent.by("alice").to("bob").containing("ping")}
   * @return the assertions
   */
  public MessageAssert assertThat(Sent matcher) {
    return new MessageAssert(matcher, report(), this);
  }

  /**
   * Asserts that messages matching each matcher were sent in this order: the first message matching
   * the second matcher was sent after the first matching the first, and so on.
   *
   * @param matchers the messages, in the expected order
   */
  public void assertInOrder(Sent... matchers) {
    TrafficReport report = report();
    long previousSeq = 0;
    Sent previous = null;
    for (Sent matcher : matchers) {
      final long after = previousSeq;
      Optional<MessageOutcome> next =
          report.messages().stream()
              .filter(m -> m.message().seq() > after && matcher.test(m.message()))
              .findFirst();
      if (next.isEmpty()) {
        throw failure(
            "Expected "
                + matcher
                + (previous == null ? "" : " after " + previous)
                + ", but none was sent"
                + (previous == null ? "." : " after it."),
            matcher,
            report);
      }
      previousSeq = next.get().message().seq();
      previous = matcher;
    }
  }

  /**
   * Asserts that every message sent was delivered: counted exactly, also where the journal no
   * longer holds the messages.
   */
  public void assertNothingUndelivered() {
    assertNothingUndelivered("");
  }

  /**
   * @param preface the rule that asks for it, put before the expectation, or empty
   */
  void assertNothingUndelivered(String preface) {
    TrafficReport report = report();
    List<MessageOutcome> undelivered = report.undelivered();
    long unseen = report.undeliveredTotal() - undelivered.size();
    if (unseen > 0) {
      StringBuilder text =
          new StringBuilder("Expected every message delivered, but ")
              .append(report.undeliveredTotal())
              .append(" of ")
              .append(report.sentTotal())
              .append(" were not:");
      for (MessageOutcome outcome : undelivered) {
        text.append("\n  ").append(outcome.diagnosis());
      }
      text.append("\n  and ")
          .append(unseen)
          .append(" that the journal no longer holds (")
          .append(report.evictedTotal() - report.counts().get(DeliveryStatus.EVICTED))
          .append(" evicted, ")
          .append(report.undeliveredOutOfJournal())
          .append(" unread)");
      throw TrafficFailure.of(text.toString(), null, report);
    }
    if (!undelivered.isEmpty()) {
      throw failure(
          preface + listing("Expected every message delivered", undelivered), null, report);
    }
  }

  /** Asserts that no message missed its recipient because it polled other channels only. */
  public void assertNoChannelMismatch() {
    TrafficReport report = report();
    List<MessageOutcome> mismatched =
        report.messages().stream()
            .filter(m -> m.status() == DeliveryStatus.CHANNEL_MISMATCH)
            .toList();
    if (!mismatched.isEmpty()) {
      throw failure(listing("Expected no channel mismatch", mismatched), null, report);
    }
  }

  /**
   * Asserts that no message landed on channel {@code default}: every agent named its channel (and
   * none chose {@code default}).
   */
  public void assertNothingOnDefault() {
    TrafficReport report = report();
    List<MessageOutcome> onDefault =
        report.messages().stream().filter(m -> "default".equals(m.message().channel())).toList();
    if (!onDefault.isEmpty()) {
      throw failure(listing("Expected no message on channel default", onDefault), null, report);
    }
  }

  /** Asserts that the bus refused no request (bad input, firewall, token). */
  public void assertNoRejectedRequest() {
    TrafficReport report = report();
    if (!report.rejected().isEmpty()) {
      StringBuilder text =
          new StringBuilder("Expected no rejected request, but the bus refused ")
              .append(report.rejected().size())
              .append(":\n");
      for (RequestRejected refusal : report.rejected()) {
        text.append("  ")
            .append(refusal.method())
            .append(' ')
            .append(refusal.endpoint())
            .append(' ')
            .append(refusal.status())
            .append(": ")
            .append(refusal.error())
            .append('\n');
      }
      throw failure(text.toString().stripTrailing(), null, report);
    }
  }

  /**
   * Waits until a message matching {@code matcher} is sent (or returns at once if one was), for up
   * to {@link #DEFAULT_TIMEOUT}.
   *
   * @param matcher which message
   * @return the first matching message
   * @throws AssertionError on timeout, with the transcript
   */
  public MessageSent awaitSent(Predicate<? super MessageSent> matcher) {
    return awaitSent(matcher, DEFAULT_TIMEOUT);
  }

  /**
   * Waits until a message matching {@code matcher} is sent (or returns at once if one was).
   *
   * @param matcher which message
   * @param timeout the longest wait
   * @return the first matching message
   * @throws AssertionError on timeout, with the transcript
   */
  public MessageSent awaitSent(Predicate<? super MessageSent> matcher, Duration timeout) {
    return awaitEntry(1, MessageSent.class, matcher, timeout)
        .orElseThrow(() -> timedOut(describe(matcher) + " to be sent", matcher, timeout));
  }

  /**
   * Waits until a message matching {@code matcher} is sent and a poll returns it, for up to {@link
   * #DEFAULT_TIMEOUT}.
   *
   * @param matcher which message
   * @return the message with its receipts
   * @throws AssertionError on timeout, with the transcript
   */
  public MessageOutcome awaitDelivered(Predicate<? super MessageSent> matcher) {
    return awaitDelivered(matcher, DEFAULT_TIMEOUT);
  }

  /**
   * Waits until a message matching {@code matcher} is sent and a poll returns it. When several
   * match, the first one sent counts.
   *
   * @param matcher which message
   * @param timeout the longest wait, for both
   * @return the message with its receipts
   * @throws AssertionError on timeout, with the transcript
   */
  public MessageOutcome awaitDelivered(Predicate<? super MessageSent> matcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    MessageSent sent = awaitSent(matcher, timeout);
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    awaitEntry(
            sent.seq() + 1,
            PollAnswered.class,
            poll -> poll.returned().stream().anyMatch(ts -> ts.compareTo(sent.ts()) == 0),
            left)
        .orElseThrow(() -> timedOut(describe(matcher) + " to be delivered", matcher, timeout));
    return report().messages().stream()
        .filter(m -> m.message().seq() == sent.seq())
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "message "
                        + sent.seq()
                        + " is no longer in the journal: raise @WithAgentBus(journalLimit)"));
  }

  /**
   * Waits until {@code agent} has a long-poll parked on the test's channel, for up to {@link
   * #DEFAULT_TIMEOUT}: the moment it is known to listen.
   *
   * @param agent the agent's name
   * @throws AssertionError on timeout, with the transcript
   */
  public void awaitPolling(String agent) {
    awaitPolling(agent, channel, DEFAULT_TIMEOUT);
  }

  /**
   * Waits until {@code agent} has a long-poll parked on the test's channel: the moment it is known
   * to listen.
   *
   * @param agent the agent's name
   * @param timeout the longest wait
   * @throws AssertionError on timeout, with the transcript
   */
  public void awaitPolling(String agent, Duration timeout) {
    awaitPolling(agent, channel, timeout);
  }

  /**
   * Waits until {@code agent} has a long-poll parked that reads {@code channelName}.
   *
   * @param agent the agent's name
   * @param channelName the channel its poll must read, or {@code null} for any
   * @param timeout the longest wait
   * @throws AssertionError on timeout, with the transcript
   */
  public void awaitPolling(String agent, String channelName, Duration timeout) {
    boolean polling;
    try {
      polling = namespace.awaitPolling(agent, channelName, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + agent + " to poll", e);
    }
    if (!polling) {
      throw timedOut(
          agent + " to poll " + (channelName == null ? "any channel" : "channel " + channelName),
          null,
          timeout);
    }
  }

  /**
   * The failure of an assertion or await on this traffic: the problem, the nearest messages and the
   * transcript.
   *
   * @param problem the expectation and what went against it
   * @param matcher what the expectation was about, or {@code null}
   * @param report the traffic at the time of the failure
   * @return the error to throw
   */
  AssertionError failure(String problem, Sent matcher, TrafficReport report) {
    AssertionError failure = TrafficFailure.of(problem, matcher, report);
    failuresWithTranscript.add(failure);
    return failure;
  }

  /**
   * @param failure what a test failed with, or {@code null}
   * @return {@code true} if it, one of its causes, one of their suppressed exceptions or one of the
   *     failures a {@link MultipleFailuresError} gathers is a failure raised here, whose message
   *     shows this traffic's transcript
   */
  boolean showsTranscript(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> next = new ArrayDeque<>();
    if (failure != null) {
      next.add(failure);
    }
    while (!next.isEmpty()) {
      Throwable at = next.poll();
      if (!seen.add(at)) {
        continue;
      }
      if (failuresWithTranscript.contains(at) || quotesAFailureWithTranscript(at)) {
        return true;
      }
      if (at.getCause() != null) {
        next.add(at.getCause());
      }
      next.addAll(List.of(at.getSuppressed()));
      if (at instanceof MultipleFailuresError several) {
        // soft assertions and assertAll() gather failures this way
        next.addAll(several.getFailures());
      }
    }
    return false;
  }

  /**
   * Soft assertions may collect a copy of a failure, its message decorated (AssertJ adds where it
   * was thrown), rather than the failure itself.
   */
  private boolean quotesAFailureWithTranscript(Throwable failure) {
    String message = failure.getMessage();
    if (message == null) {
      return false;
    }
    synchronized (failuresWithTranscript) {
      return failuresWithTranscript.stream()
          .anyMatch(raised -> raised != failure && message.contains(raised.getMessage()));
    }
  }

  private <E extends JournalEntry> Optional<E> awaitEntry(
      long fromSeq, Class<E> type, Predicate<? super E> matching, Duration timeout) {
    try {
      return namespace.journal().awaitEntry(fromSeq, type, matching, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting on the traffic journal", e);
    }
  }

  private AssertionError timedOut(String what, Object matcher, Duration timeout) {
    return failure(
        "Timed out after " + seconds(timeout) + " waiting for " + what + ".",
        matcher instanceof Sent sent ? sent : null,
        report());
  }

  /** A {@link Sent} says what it matches; a lambda's own text says nothing. */
  private static String describe(Predicate<? super MessageSent> matcher) {
    return matcher instanceof Sent ? matcher.toString() : "a matching message";
  }

  private static String listing(String expectation, List<MessageOutcome> offenders) {
    StringBuilder text =
        new StringBuilder(expectation)
            .append(", but ")
            .append(offenders.size())
            .append(offenders.size() == 1 ? " message was not:" : " messages were not:");
    for (MessageOutcome outcome : offenders) {
      text.append("\n  ").append(outcome.diagnosis());
    }
    return text.toString();
  }

  private static String seconds(Duration timeout) {
    return String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0);
  }
}
