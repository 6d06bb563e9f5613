package dev.agentbus.embedded.internal.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands request log lines to a slow consumer (a terminal, a pipe nobody drains) without ever
 * blocking the I/O thread that answered the request: lines wait in a bounded queue for one log
 * thread, and when the queue is full they are dropped and counted. The count is reported in the log
 * itself as soon as the consumer catches up.
 *
 * <p>Thread-safe. {@link #accept} never blocks.
 */
public final class RequestLog implements Consumer<String>, AutoCloseable {

  private static final String STOP = new String("stop");

  private final Consumer<String> sink;
  private final BlockingQueue<String> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private final CountDownLatch warmedUp = new CountDownLatch(Warmup.REQUESTS);
  private volatile boolean started;

  /**
   * @param threads the thread group the log thread runs in
   * @param sink receives the lines, one at a time, on the log thread
   * @param capacity the most lines waiting at once
   */
  public RequestLog(ThreadGroup threads, Consumer<String> sink, int capacity) {
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(threads, this::run, "agent-bus-request-log");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a line, or drops and counts it when the queue is full. Never blocks.
   *
   * @param line the line
   */
  @Override
  public void accept(String line) {
    if (!started) {
      warmedUp.countDown(); // the bus's own warm-up requests, answered before it is ready
      return;
    }
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /**
   * Starts logging: lines of requests answered before are not logged.
   *
   * @param afterWarmup whether the bus just served its warm-up requests: their lines are then
   *     awaited (at most a second) so that none of them is logged
   */
  public void start(boolean afterWarmup) {
    if (afterWarmup) {
      try {
        warmedUp.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    started = true;
  }

  /**
   * @return how many lines were dropped so far because the consumer fell behind
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Writes what is queued, waiting at most a second for a slow consumer, then stops the log thread.
   * Lines accepted afterwards are dropped.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      while (!queue.offer(STOP, 10, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          thread.interrupt();
          return;
        }
      }
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }

  private void run() {
    long reported = 0;
    try {
      while (true) {
        String line = queue.take();
        if (line == STOP) {
          return;
        }
        sink.accept(line);
        long lost = dropped.get();
        if (lost > reported && queue.isEmpty()) {
          sink.accept(
              "agent-bus: "
                  + (lost - reported)
                  + " request log "
                  + (lost - reported == 1 ? "line" : "lines")
                  + " dropped: the log output did not keep up");
          reported = lost;
        }
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      // A failing consumer ends the log, never the bus.
    }
  }
}
