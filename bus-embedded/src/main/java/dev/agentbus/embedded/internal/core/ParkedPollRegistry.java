package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The polls parked in one namespace, by recipient in the order they parked, with a version that
 * changes at each park and unpark so that a snapshot can tell it is stale.
 *
 * <p>Not thread-safe, and no lock of its own: the owning {@link Namespace}'s lock guards its state,
 * so that a poll parks, or is answered by a send, in one step with the scan and the journal entry
 * that go with it. Only its change signal ({@link #signalChange}, {@link #awaitChange}, {@link
 * #onNextChange}) is thread-safe: it is fired after that lock is released, and waiters re-check
 * their condition under the lock.
 */
final class ParkedPollRegistry {

  /** recipient -> polls waiting for it, in the order they parked. */
  private final Map<String, Set<WaitingPoll>> byRecipient = new HashMap<>();

  private final ChangeSignal changed = new ChangeSignal();

  /** Tells the whole bus, which counts the polls parked in all its namespaces. */
  private final Runnable busChanged;

  private int count;

  /** Counts every poll parking and every poll leaving. */
  private long version;

  /**
   * @param busChanged run at each change, after the namespace's lock is released
   */
  ParkedPollRegistry(Runnable busChanged) {
    this.busChanged = busChanged;
  }

  void park(WaitingPoll poll) {
    byRecipient.computeIfAbsent(poll.query.to(), recipient -> new LinkedHashSet<>()).add(poll);
    count++;
    version++;
  }

  /**
   * @param poll a poll that may have left already
   * @return whether it was still parked (now it is not)
   */
  boolean unpark(WaitingPoll poll) {
    Set<WaitingPoll> waiting = byRecipient.get(poll.query.to());
    if (waiting == null || !waiting.remove(poll)) {
      return false;
    }
    if (waiting.isEmpty()) {
      byRecipient.remove(poll.query.to());
    }
    count--;
    version++;
    return true;
  }

  /**
   * Unparks every poll the message answers.
   *
   * @param message a message just queued
   * @return those polls, in the order they parked
   */
  List<WaitingPoll> unparkWantedBy(StoredMessage message) {
    Set<WaitingPoll> waiting = byRecipient.get(message.to());
    if (waiting == null) {
      return List.of();
    }
    List<WaitingPoll> wanting = new ArrayList<>();
    for (Iterator<WaitingPoll> it = waiting.iterator(); it.hasNext(); ) {
      WaitingPoll poll = it.next();
      if (poll.wants(message)) {
        it.remove();
        count--;
        version++;
        wanting.add(poll);
      }
    }
    if (waiting.isEmpty()) {
      byRecipient.remove(message.to());
    }
    return wanting;
  }

  /**
   * Unparks every poll, as one change.
   *
   * @return them, by recipient in the order they parked
   */
  List<WaitingPoll> unparkAll() {
    List<WaitingPoll> all = new ArrayList<>(count);
    byRecipient.values().forEach(all::addAll);
    byRecipient.clear();
    count = 0;
    version++;
    return all;
  }

  int count() {
    return count;
  }

  /**
   * @param to the recipient, or {@code null} for any
   * @param channel the channel they must read, or {@code null} for any
   * @return how many of its polls are parked that read the channel
   */
  int count(String to, String channel) {
    if (to == null && channel == null) {
      return count;
    }
    int matching = 0;
    for (Map.Entry<String, Set<WaitingPoll>> polls : byRecipient.entrySet()) {
      if (to != null && !to.equals(polls.getKey())) {
        continue;
      }
      for (WaitingPoll poll : polls.getValue()) {
        if (channel == null || poll.reads(channel)) {
          matching++;
        }
      }
    }
    return matching;
  }

  long version() {
    return version;
  }

  /**
   * The parked polls grouped by recipient and channel asked for: the part of a snapshot taken under
   * the lock, linear in the polls parked. {@link #listing} sorts and bounds it after.
   *
   * @return one group per recipient and channel, in no order
   */
  List<ParkedPoll> groups() {
    record Key(String to, String channel) {}
    final class Group {
      long atMicros = Long.MAX_VALUE;
      BigDecimal since;
      String readsChannel;
      int count;
    }
    Map<Key, Group> groups = new HashMap<>();
    for (Set<WaitingPoll> polls : byRecipient.values()) {
      for (WaitingPoll poll : polls) {
        Group group =
            groups.computeIfAbsent(
                new Key(poll.query.to(), poll.query.channel()), key -> new Group());
        group.atMicros = Math.min(group.atMicros, poll.parkedAtMicros);
        group.since =
            group.since == null || poll.query.since().compareTo(group.since) < 0
                ? poll.query.since()
                : group.since;
        group.readsChannel = poll.readsChannel;
        group.count++;
      }
    }
    List<ParkedPoll> all = new ArrayList<>(groups.size());
    groups.forEach(
        (key, group) ->
            all.add(
                new ParkedPoll(
                    Timestamps.fromMicros(group.atMicros),
                    key.to(),
                    key.channel(),
                    group.readsChannel,
                    group.since,
                    group.count)));
    return all;
  }

  /**
   * Sorts the groups longest-waiting first and bounds the listing as {@link ParkedPolls} says.
   * Needs no lock.
   *
   * @param version the registry's version when the groups were taken
   * @param asOfSeq the journal position they were taken at
   * @param groups as {@link #groups()} took them; sorted in place
   * @return the snapshot
   */
  static ParkedPolls listing(long version, long asOfSeq, List<ParkedPoll> groups) {
    groups.sort(
        Comparator.comparing(ParkedPoll::at)
            .thenComparing(ParkedPoll::to)
            .thenComparing(poll -> String.valueOf(poll.channel())));
    List<ParkedPoll> listed = new ArrayList<>();
    long bytes = 0;
    int leftOut = 0;
    for (ParkedPoll poll : groups) {
      long weight =
          JsonBytes.ENTRY
              + JsonBytes.of(poll.to())
              + JsonBytes.of(poll.channel())
              + JsonBytes.of(poll.readsChannel());
      boolean fits =
          listed.isEmpty()
              || (listed.size() < ParkedPolls.MAX_LISTED
                  && bytes + weight <= ParkedPolls.MAX_LISTED_BYTES);
      if (fits && leftOut == 0) {
        listed.add(poll);
        bytes += weight;
      } else {
        leftOut += poll.count();
      }
    }
    return new ParkedPolls(version, asOfSeq, listed, leftOut);
  }

  /** Wakes the waiters and tells the bus; call without holding the namespace's lock. */
  void signalChange() {
    changed.fire();
    busChanged.run();
  }

  /**
   * Waits, without polling, until {@code condition} holds, re-checking it at each change.
   *
   * @param condition what to wait for; it takes the namespace's lock to read this registry
   * @param timeout the longest wait
   * @return whether it held in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitChange(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    return changed.await(condition, timeout);
  }

  /**
   * @param listener run once, at the next change; quick, non-blocking
   * @return a handle that unregisters it
   */
  Runnable onNextChange(Runnable listener) {
    return changed.onNextChange(listener);
  }
}
