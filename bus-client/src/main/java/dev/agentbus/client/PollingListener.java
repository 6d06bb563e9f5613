package dev.agentbus.client;

import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link AgentBusClient#listen} loop on a daemon thread. The cursor lives in the client, so a
 * failed poll is simply retried from where the last good one left off.
 */
final class PollingListener implements Listener {

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final AgentBusClient client;
  private final Consumer<BusMessage> handler;
  private final Consumer<AgentBusException> onError;
  private final Consumer<Listener> onStopped;
  private final Thread thread;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile AgentBusException failure;

  PollingListener(
      AgentBusClient client,
      Consumer<BusMessage> handler,
      Consumer<AgentBusException> onError,
      Consumer<Listener> onStopped,
      String threadName) {
    this.client = client;
    this.handler = handler;
    this.onError = onError;
    this.onStopped = onStopped;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    try {
      while (stopRequested.getCount() > 0) {
        List<BusMessage> messages;
        try {
          messages = client.poll();
          backoff = FIRST_BACKOFF_MILLIS;
        } catch (BusRejectedException e) {
          if (stopRequested.getCount() == 0) {
            return;
          }
          report(e);
          if (!e.isTransient()) {
            failure = e;
            return;
          }
          backoff = pause(backoff);
          continue;
        } catch (AgentBusException e) {
          if (stopRequested.getCount() == 0) {
            return;
          }
          report(e);
          backoff = pause(backoff);
          continue;
        }
        for (BusMessage message : messages) {
          try {
            handler.accept(message);
          } catch (RuntimeException e) {
            report(new AgentBusException("the message handler failed on " + message, e));
          }
        }
      }
    } finally {
      stopped.countDown();
      onStopped.accept(this);
    }
  }

  private void report(AgentBusException e) {
    try {
      onError.accept(e);
    } catch (RuntimeException ignored) {
      // an error callback that fails must not kill the loop
    }
  }

  /** Waits out a backoff, waking early on close; returns the next, doubled, backoff. */
  private long pause(long millis) {
    try {
      stopRequested.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      stopRequested.countDown();
    }
    return Math.min(millis * 2, MAX_BACKOFF_MILLIS);
  }

  @Override
  public boolean isRunning() {
    return stopped.getCount() > 0;
  }

  @Override
  public Optional<AgentBusException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stopRequested.countDown();
    thread.interrupt(); // abandons the long-poll in flight
    try {
      awaitStopped(CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
