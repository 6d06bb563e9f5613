package dev.agentbus.embedded.internal.core;

/** A poll the bus may still be holding. */
@FunctionalInterface
public interface PollHandle {

  /**
   * The client went away: forget the poll without answering it. Does nothing if it was already
   * answered.
   */
  void clientGone();
}
