package dev.agentbus.maven;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Hands the polls parked in a namespace to a listener as they park: one daemon thread that waits on
 * the namespace's parked polls (woken by each change, never polling) and hands over every group
 * listed in each new snapshot, so a listener sees the same group again while it stays parked. Ends
 * when closed or when the namespace stops. Thread-safe.
 */
final class ParkedPollWatch implements AutoCloseable {

  private static final Duration WAIT_SLICE = Duration.ofSeconds(5);

  private final Thread thread;
  private volatile boolean closed;

  private ParkedPollWatch(BusNamespace namespace, Consumer<ParkedPoll> listener) {
    this.thread = new Thread(() -> run(namespace, listener), "agent-bus-parked-polls");
    thread.setDaemon(true);
  }

  /**
   * @param namespace the namespace to watch
   * @param listener receives each group of parked polls, on the watch's thread
   * @return the running watch; close it to stop
   */
  static ParkedPollWatch start(BusNamespace namespace, Consumer<ParkedPoll> listener) {
    ParkedPollWatch watch = new ParkedPollWatch(namespace, listener);
    watch.thread.start();
    return watch;
  }

  private void run(BusNamespace namespace, Consumer<ParkedPoll> listener) {
    try {
      ParkedPolls seen = namespace.parkedNow();
      while (!closed) {
        seen.polls().forEach(listener);
        long waitStart = System.nanoTime();
        ParkedPolls next = namespace.awaitParkedChange(seen.version(), WAIT_SLICE);
        if (next.version() == seen.version()
            && System.nanoTime() - waitStart < WAIT_SLICE.toNanos()) {
          return; // the namespace stopped: nothing parks there any more
        }
        seen = next;
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      // the bus went away under the watch: there is nothing more to show
    }
  }

  /** Stops handing over polls and waits (at most a few seconds) for the thread to end. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(WAIT_SLICE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
