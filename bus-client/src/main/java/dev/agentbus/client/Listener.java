package dev.agentbus.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A running {@link AgentBusClient#listen} loop. Closing it stops the loop promptly: the poll in
 * flight is abandoned and the loop's thread ends. Thread-safe.
 */
public interface Listener extends AutoCloseable {

  /**
   * @return {@code true} until the listener is closed or has stopped on a permanent error
   */
  boolean isRunning();

  /**
   * @return the error that stopped the listener (a 4xx such as a refused token), if any
   */
  Optional<AgentBusException> failure();

  /**
   * Waits for the loop's thread to end.
   *
   * @param timeout the longest wait
   * @return {@code true} if it ended in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitStopped(Duration timeout) throws InterruptedException;

  /** Stops the loop and waits briefly for its thread to end. Idempotent. */
  @Override
  void close();
}
