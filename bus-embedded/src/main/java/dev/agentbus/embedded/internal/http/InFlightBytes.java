package dev.agentbus.embedded.internal.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cap on bytes the bus holds for requests in flight, outside the memory budget: bodies being
 * read, answers being written. Each holder reserves its bytes before it keeps them and releases
 * them when it lets go; a reservation that would pass the cap is refused, and the request is
 * answered 503 instead of letting many slow clients together exhaust the heap. Thread-safe and
 * lock-free: parts arrive on every I/O thread.
 */
final class InFlightBytes {

  private final long cap;
  private final AtomicLong reserved = new AtomicLong();

  /**
   * @param cap the most bytes reserved at once
   */
  InFlightBytes(long cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be positive, got " + cap);
    }
    this.cap = cap;
  }

  /**
   * Reserves bytes if they fit under the cap.
   *
   * @param bytes how many, at least 0
   * @return whether they were reserved; when not, nothing was
   */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = reserved.get();
      if (now + bytes > cap) {
        return false;
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /**
   * Gives back bytes reserved earlier.
   *
   * @param bytes how many; never more than were reserved
   */
  void release(long bytes) {
    reserved.addAndGet(-bytes);
  }

  /**
   * @return the bytes reserved now
   */
  long reserved() {
    return reserved.get();
  }

  /**
   * @return the cap, in bytes
   */
  long cap() {
    return cap;
  }
}
