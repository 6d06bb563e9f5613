package dev.agentbus.embedded.internal.core;

import java.util.List;

/**
 * The messages of one channel and recipient, oldest first, bounded: a ring buffer that grows on
 * demand up to its capacity and then drops its oldest message for each new one. Each message is
 * marked once a poll returns it, so that an eviction can tell a message read from one lost.
 *
 * <p>Timestamps only grow, so the first message after a cursor is found by binary search: a poll
 * costs O(log n + returned), however far behind the poller is. Not thread-safe; the namespace lock
 * guards it.
 */
final class MessageQueue {

  private static final int INITIAL_SLOTS = 16;

  private final int capacity;
  private StoredMessage[] slots;

  /** Beside each slot: whether a poll returned its message. */
  private boolean[] read;

  private int head;
  private int size;

  MessageQueue(int capacity) {
    this.capacity = capacity;
    this.slots = new StoredMessage[Math.min(capacity, INITIAL_SLOTS)];
    this.read = new boolean[slots.length];
  }

  /**
   * Appends a message whose timestamp is larger than every one held. When the queue is full, look
   * at {@link #oldest()} and {@link #oldestRead()} first: they are what this evicts.
   *
   * @return the message evicted to make room, or {@code null}
   */
  StoredMessage add(StoredMessage message) {
    StoredMessage evicted = null;
    if (size == capacity) {
      evicted = slots[head];
      slots[head] = message;
      read[head] = false;
      head = (head + 1) % slots.length;
      return evicted;
    }
    if (size == slots.length) {
      grow();
    }
    slots[(head + size) % slots.length] = message;
    read[(head + size) % slots.length] = false;
    size++;
    return evicted;
  }

  /**
   * @return whether the queue holds its capacity, so that the next {@link #add} evicts
   */
  boolean isFull() {
    return size == capacity;
  }

  /**
   * Marks a message as returned by a poll.
   *
   * @param ts its timestamp
   * @return {@code true} the first time, {@code false} if it was marked already or is not held
   */
  boolean markRead(long ts) {
    int index = firstAfter(ts - 1);
    if (index >= size || at(index).ts() != ts) {
      return false;
    }
    int slot = (head + index) % slots.length;
    if (read[slot]) {
      return false;
    }
    read[slot] = true;
    return true;
  }

  /**
   * @param ts a timestamp
   * @return whether a message with it is held and no poll has returned it
   */
  boolean holdsUnread(long ts) {
    int index = firstAfter(ts - 1);
    return index < size && at(index).ts() == ts && !read[(head + index) % slots.length];
  }

  /**
   * @return whether a poll returned the oldest message; {@code false} for an empty queue
   */
  boolean oldestRead() {
    return size > 0 && read[head];
  }

  /**
   * Adds to {@code into} the oldest messages with a timestamp after {@code since}, at most {@code
   * limit} of them.
   */
  void collectAfter(long since, int limit, List<StoredMessage> into) {
    int first = firstAfter(since);
    int end = (int) Math.min(size, (long) first + limit);
    for (int i = first; i < end; i++) {
      into.add(at(i));
    }
  }

  /**
   * Removes the oldest message, to make room in the memory budget.
   *
   * @return it, or {@code null} if the queue is empty
   */
  StoredMessage removeOldest() {
    if (size == 0) {
      return null;
    }
    StoredMessage oldest = slots[head];
    slots[head] = null;
    read[head] = false;
    head = (head + 1) % slots.length;
    size--;
    return oldest;
  }

  /**
   * @return the oldest message, or {@code null} if the queue is empty
   */
  StoredMessage oldest() {
    return size == 0 ? null : slots[head];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  private int firstAfter(long since) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (at(mid).ts() <= since) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private StoredMessage at(int index) {
    return slots[(head + index) % slots.length];
  }

  private void grow() {
    StoredMessage[] larger = new StoredMessage[(int) Math.min(capacity, slots.length * 2L)];
    boolean[] largerRead = new boolean[larger.length];
    for (int i = 0; i < size; i++) {
      larger[i] = at(i);
      largerRead[i] = read[(head + i) % slots.length];
    }
    slots = larger;
    read = largerRead;
    head = 0;
  }
}
