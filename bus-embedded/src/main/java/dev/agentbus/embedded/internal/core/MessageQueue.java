package dev.agentbus.embedded.internal.core;

import java.util.List;

/**
 * The messages of one channel and recipient, oldest first, bounded: a ring buffer that grows on
 * demand up to its capacity and then drops its oldest message for each new one.
 *
 * <p>Timestamps only grow, so the first message after a cursor is found by binary search: a poll
 * costs O(log n + returned), however far behind the poller is. Not thread-safe; the namespace lock
 * guards it.
 */
final class MessageQueue {

  private static final int INITIAL_SLOTS = 16;

  private final int capacity;
  private StoredMessage[] slots;
  private int head;
  private int size;

  MessageQueue(int capacity) {
    this.capacity = capacity;
    this.slots = new StoredMessage[Math.min(capacity, INITIAL_SLOTS)];
  }

  /**
   * Appends a message whose timestamp is larger than every one held.
   *
   * @return the message evicted to make room, or {@code null}
   */
  StoredMessage add(StoredMessage message) {
    StoredMessage evicted = null;
    if (size == capacity) {
      evicted = slots[head];
      slots[head] = message;
      head = (head + 1) % slots.length;
      return evicted;
    }
    if (size == slots.length) {
      grow();
    }
    slots[(head + size) % slots.length] = message;
    size++;
    return evicted;
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
    for (int i = 0; i < size; i++) {
      larger[i] = at(i);
    }
    slots = larger;
    head = 0;
  }
}
