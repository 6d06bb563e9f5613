package dev.agentbus.client.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a listener handed over: its messages and its error reports, each waited for with a deadline.
 * Thread-safe.
 */
final class Recorder {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final BlockingQueue<BusMessage> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<AgentBusException> errors = new LinkedBlockingQueue<>();

  void message(BusMessage message) {
    messages.add(message);
  }

  void error(AgentBusException error) {
    errors.add(error);
  }

  /**
   * @return the next {@code count} messages, waiting up to 5 s for them
   */
  List<BusMessage> awaitMessages(int count) throws InterruptedException {
    return take(messages, count, "messages");
  }

  /**
   * @return the next error report, waiting up to 5 s for it
   */
  AgentBusException awaitError() throws InterruptedException {
    return take(errors, 1, "error reports").get(0);
  }

  /** Asserts that nothing more was handed over than what was already taken. */
  void assertNoMoreMessages() {
    assertThat(messages).as("messages handed over again or beyond those expected").isEmpty();
  }

  void assertNoMoreErrors() {
    assertThat(errors).as("error reports beyond those expected").isEmpty();
  }

  private static <T> List<T> take(BlockingQueue<T> queue, int count, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    List<T> taken = new ArrayList<>();
    while (taken.size() < count) {
      T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError(
            "expected " + count + " " + what + " within " + DEADLINE + ", got " + taken);
      }
      taken.add(next);
    }
    return taken;
  }
}
