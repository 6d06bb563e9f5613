package dev.agentbus.embedded.traffic;

/** What became of one message. */
public enum DeliveryStatus {
  /** At least one poll of its recipient returned it. */
  DELIVERED,
  /**
   * Not delivered, but its recipient polls the channel it is on and has not polled since, or has a
   * poll parked there right now that will return it.
   */
  NOT_YET_DELIVERED,
  /** Dropped from its recipient's full queue before any poll returned it. */
  EVICTED,
  /**
   * Never delivered: its recipient polled, but only other channels. Polls parked right now count: a
   * listener parked on another channel makes this a mismatch while it waits.
   */
  CHANNEL_MISMATCH,
  /**
   * Never delivered: its recipient polled its channel only from a cursor already past it, in an
   * answered poll or one parked right now.
   */
  SKIPPED_BY_CURSOR,
  /** Never delivered: its recipient never polled at all, and has no poll parked. */
  NEVER_POLLED,
  /**
   * Never delivered, on purpose: an in-bus fault a test asked for dropped it after the bus accepted
   * it. Not lost by the bus, so not {@link #isLost() lost}.
   */
  DROPPED_BY_FAULT,
  /**
   * Not delivered yet: an in-bus fault holds it back, and it enters its recipient's queue when the
   * hold ends.
   */
  HELD_BACK,
  /**
   * Never delivered, on purpose: a restart of the namespace that a test asked for, with its queues
   * lost, dropped it while no poll had returned it. Not lost by the bus, so not {@link #isLost()
   * lost}; an agent that must survive a restart has to tell a message lost this way from none sent.
   */
  LOST_IN_RESTART;

  /**
   * Whether the message counts as lost when traffic is judged at the end of a test or a build. An
   * evicted message is gone for good; the others are still queued, and would be delivered if their
   * recipient polled differently (its channel, or from an earlier cursor).
   *
   * @return {@code true} for the statuses under which the message has reached nobody and, while its
   *     recipient polls as it does, never will
   */
  public boolean isLost() {
    return this == EVICTED
        || this == CHANNEL_MISMATCH
        || this == SKIPPED_BY_CURSOR
        || this == NEVER_POLLED;
  }
}
