package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A namespace's queues, one per recipient and channel, and what a poll reads from them: the oldest
 * messages after its cursor, at most {@code max} and {@link #MAX_ANSWER_BYTES} of JSON.
 *
 * <p>Not thread-safe, and no lock of its own: every call must hold the owning {@link Namespace}'s
 * lock, the one that orders timestamps into the queues, so that a scan and its cursor are of one
 * moment.
 */
final class Mailboxes {

  /**
   * The most JSON one {@code /recv} answer holds; the rest waits for the next poll, as messages
   * past {@code max} do. An answer is built whole in memory, so a reader of a long backlog of large
   * bodies must not get it all at once.
   */
  static final long MAX_ANSWER_BYTES = 1 << 20;

  /** A message's field names, timestamp and punctuation in a {@code /recv} answer. */
  private static final long MESSAGE_JSON_FIELDS = 64;

  /** Told of each message a full queue evicts, to journal and count it. */
  interface Evictions {

    /**
     * @param evicted the message evicted, no longer queued
     * @param atMicros when, the timestamp of the message that took its place
     * @param wasRead whether a poll had returned it
     */
    void evicted(StoredMessage evicted, long atMicros, boolean wasRead);
  }

  private final BusClock clock;
  private final int maxQueue;
  private final MemoryAccount memory;
  private final Evictions evictions;

  /** recipient -> channel -> messages oldest first. */
  private final Map<String, Map<String, MessageQueue>> queues = new HashMap<>();

  Mailboxes(BusClock clock, int maxQueue, MemoryAccount memory, Evictions evictions) {
    this.clock = clock;
    this.maxQueue = maxQueue;
    this.memory = memory;
    this.evictions = evictions;
  }

  /** Queues a message, evicting its queue's oldest when it is full. */
  void enqueue(StoredMessage message) {
    MessageQueue queue =
        queues
            .computeIfAbsent(message.to(), recipient -> new HashMap<>())
            .computeIfAbsent(message.channel(), c -> new MessageQueue(maxQueue));
    boolean evictsRead = queue.isFull() && queue.oldestRead();
    StoredMessage evicted = queue.add(message);
    memory.queued(queue, message);
    if (evicted != null) {
      memory.unqueued(evicted);
      evictions.evicted(evicted, message.ts(), evictsRead);
    }
  }

  /**
   * @param query the poll
   * @param reads the channel it reads, or {@code null} for every channel
   * @return what it is answered with now
   */
  RecvOutcome scan(RecvQuery query, String reads) {
    Map<String, MessageQueue> byChannel = queues.get(query.to());
    long since = Timestamps.floorMicros(query.since());
    // One more than max tells whether the answer is cut.
    int wanted = query.max() == Integer.MAX_VALUE ? query.max() : query.max() + 1;
    List<StoredMessage> found = new ArrayList<>();
    if (byChannel != null) {
      if (reads != null) {
        MessageQueue queue = byChannel.get(reads);
        if (queue != null) {
          queue.collectAfter(since, wanted, found);
        }
      } else {
        // The first max of the merge can only come from the first max of each channel.
        byChannel.values().forEach(queue -> queue.collectAfter(since, wanted, found));
        if (byChannel.size() > 1) {
          found.sort(Comparator.comparingLong(StoredMessage::ts));
        }
      }
    }
    int kept = keptInAnswer(found, query.max());
    if (kept < found.size()) {
      List<StoredMessage> cut = List.copyOf(found.subList(0, kept));
      // Cut at max or at the size bound: the cursor must stop at the last message returned, or
      // the rest is skipped.
      return new RecvOutcome(cut, cut.get(cut.size() - 1).ts());
    }
    return new RecvOutcome(found, clock.now());
  }

  /**
   * @return whether the message is still queued and was not returned by a poll before
   */
  boolean markRead(StoredMessage message) {
    MessageQueue queue = queueOf(message.to(), message.channel());
    return queue != null && queue.markRead(message.ts());
  }

  /**
   * @return whether the message of that timestamp is queued and no poll has returned it
   */
  boolean holdsUnread(String to, String channel, long ts) {
    MessageQueue queue = queueOf(to, channel);
    return queue != null && queue.holdsUnread(ts);
  }

  /**
   * @return channel -> recipient -> messages held; empty queues left out
   */
  Map<String, Map<String, Integer>> inbox() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    queues.forEach(
        (recipient, byChannel) ->
            byChannel.forEach(
                (channel, queue) -> {
                  if (!queue.isEmpty()) {
                    counts
                        .computeIfAbsent(channel, c -> new TreeMap<>())
                        .put(recipient, queue.size());
                  }
                }));
    return counts;
  }

  /**
   * Empties every queue, as a restart that loses them does.
   *
   * @param lostUnread told of each message no poll had returned, a duplicate's copy left out (it is
   *     not a message of its own)
   * @return how many it was told of
   */
  long dropAll(Consumer<StoredMessage> lostUnread) {
    long lost = 0;
    for (Map<String, MessageQueue> byChannel : queues.values()) {
      for (MessageQueue queue : byChannel.values()) {
        while (!queue.isEmpty()) {
          boolean read = queue.oldestRead();
          StoredMessage message = queue.removeOldest();
          memory.unqueued(message);
          if (!read && !message.copy()) {
            lostUnread.accept(message);
            lost++;
          }
        }
      }
    }
    queues.clear();
    return lost;
  }

  private MessageQueue queueOf(String to, String channel) {
    Map<String, MessageQueue> byChannel = queues.get(to);
    return byChannel == null ? null : byChannel.get(channel);
  }

  /**
   * @return how many of the messages found, oldest first, one answer holds: at most {@code max},
   *     and no more than {@link #MAX_ANSWER_BYTES} of JSON, but always the first
   */
  private static int keptInAnswer(List<StoredMessage> found, int max) {
    int kept = Math.min(found.size(), max);
    // The usual answer is far below the bound even at six bytes a character (the longest escape):
    // then no character needs counting under the lock.
    long atMost = 0;
    for (int i = 0; i < kept; i++) {
      StoredMessage message = found.get(i);
      atMost +=
          6L * (message.msg().length() + message.from().length() + message.channel().length())
              + 6
              + MESSAGE_JSON_FIELDS;
    }
    if (atMost <= MAX_ANSWER_BYTES) {
      return kept;
    }
    long bytes = 0;
    for (int i = 0; i < kept; i++) {
      StoredMessage message = found.get(i);
      bytes +=
          JsonBytes.of(message.msg())
              + JsonBytes.of(message.from())
              + JsonBytes.of(message.channel())
              + MESSAGE_JSON_FIELDS;
      if (bytes > MAX_ANSWER_BYTES && i > 0) {
        return i;
      }
    }
    return kept;
  }
}
