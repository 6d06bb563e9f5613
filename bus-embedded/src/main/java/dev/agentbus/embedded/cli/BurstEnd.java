package dev.agentbus.embedded.cli;

/**
 * Tells, from successive looks at the heap, when a burst of traffic has just ended: the heap grew
 * or was collected since the look before (traffic), and now it is still (idle). It answers yes once
 * per burst, so an idle bus is collected once and then left alone. Not thread-safe: one watcher
 * asks it.
 */
final class BurstEnd {

  /** Heap growth between two looks that counts as traffic (allocation below it is a trickle). */
  static final long GROWTH_THAT_IS_TRAFFIC = 16L << 20;

  private long lastUsed;
  private long lastCollections;
  private boolean trafficSinceCollected;

  /**
   * @param used the heap in use at the start
   * @param collections how many collections the JVM had run at the start
   */
  BurstEnd(long used, long collections) {
    this.lastUsed = used;
    this.lastCollections = collections;
  }

  /**
   * One look.
   *
   * @param used the heap in use now
   * @param collections how many collections the JVM has run by now
   * @return whether a burst has just ended, so that collecting now gives its memory back
   */
  boolean endedAt(long used, long collections) {
    boolean traffic = collections != lastCollections || used - lastUsed >= GROWTH_THAT_IS_TRAFFIC;
    lastUsed = used;
    lastCollections = collections;
    if (traffic) {
      trafficSinceCollected = true;
      return false;
    }
    boolean ended = trafficSinceCollected;
    trafficSinceCollected = false;
    return ended;
  }

  /**
   * Records the heap after the collection a yes led to, so that the collection itself does not
   * count as traffic.
   *
   * @param used the heap in use after it
   * @param collections how many collections the JVM has run by then
   */
  void collected(long used, long collections) {
    lastUsed = used;
    lastCollections = collections;
  }
}
