package dev.agentbus.embedded.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bus's request log, kept for a test to wait on: a line is logged when an exchange ends, so
 * waiting for one is waiting for that event. Thread-safe: the bus logs on a thread of its own.
 */
public final class RequestLogLines implements Consumer<String> {

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  @Override
  public void accept(String line) {
    lines.add(line);
  }

  /** Forgets the lines logged so far. */
  public void clear() {
    lines.clear();
  }

  /**
   * Waits for the next line that contains a text, skipping the others.
   *
   * @return the line, or {@code null} if none came within the timeout
   */
  public String await(String part, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.contains(part)) {
        return line;
      }
    }
  }
}
