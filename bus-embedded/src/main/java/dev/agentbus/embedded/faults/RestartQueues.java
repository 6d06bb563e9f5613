package dev.agentbus.embedded.faults;

/**
 * What a restart of a namespace ({@link InBusFaults#restart}) does with the messages it holds: a
 * bus that keeps its queues on disk comes back with them, one that keeps them in memory comes back
 * empty.
 */
public enum RestartQueues {
  /** Every queued and held-back message is still there when the namespace serves again. */
  KEPT,
  /**
   * Every queued and held-back message is dropped; each one no poll had returned is journaled as
   * lost by the restart ({@code MessageLostInRestart}).
   */
  LOST
}
