package dev.agentbus.maven;

import dev.agentbus.embedded.BusNamespace;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.maven.plugin.logging.Log;

/**
 * Keeps the traffic of each namespace a test drops when it ends, so that {@code bus:stop} reports
 * on every test of the build, not only on the namespaces still open at the end. The bus tells it of
 * each drop on the thread that dropped the namespace; it writes the journal on a thread of its own.
 *
 * <p>At most {@link #MAX_PENDING} drops wait to be written; beyond that the dropping thread writes
 * its own, which slows a test run that drops faster than the disk keeps up instead of growing
 * without bound. Thread-safe.
 */
final class DroppedNamespaceKeeper implements Consumer<BusNamespace> {

  static final int MAX_PENDING = 1_000;

  private final TrafficCapture capture;
  private final Log log;
  private final ThreadPoolExecutor writer;

  DroppedNamespaceKeeper(TrafficCapture capture, Log log) {
    this.capture = capture;
    this.log = log;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING),
            task -> {
              Thread thread = new Thread(task, "agent-bus-capture");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  @Override
  public void accept(BusNamespace dropped) {
    writer.execute(() -> keep(dropped));
  }

  private void keep(BusNamespace dropped) {
    try {
      capture.add(dropped);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "agent-bus could not keep the traffic of namespace "
              + dropped.id()
              + " in "
              + capture.directory().path()
              + ": "
              + e);
    }
  }

  /**
   * Writes what is still pending and stops the writer thread.
   *
   * @param timeout the longest wait for pending writes
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void finish(Duration timeout) throws InterruptedException {
    writer.shutdown();
    if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn(
          "agent-bus gave up waiting for the traffic of dropped namespaces after "
              + timeout.toSeconds()
              + " s; the report may miss some");
    }
  }
}
