package dev.agentbus.client;

import dev.agentbus.client.protocol.BusMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link AgentBusClient#listen} loop on a daemon thread. The cursor lives in the client and
 * moves only past messages the handler had, so a failed poll is simply retried from where the last
 * good one left off, and a close midway through a batch leaves the rest for the next poll.
 */
final class PollingListener implements Listener {

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** The longest {@code Retry-After} the loop obeys; a longer one is cut to this. */
  static final long MAX_RETRY_AFTER_SECONDS = 60;

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final int MAX_BODY_SHOWN = 200;

  private final AgentBusClient client;
  private final Consumer<BusMessage> handler;
  private final Consumer<AgentBusException> onError;
  private final Consumer<AgentBusException> failures;
  private final Consumer<Listener> onStopped;
  private final Thread thread;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object interruptLock = new Object();
  private boolean polling; // guarded by interruptLock: only a poll in flight may be interrupted
  private volatile AgentBusException failure;

  PollingListener(
      AgentBusClient client,
      Consumer<BusMessage> handler,
      Consumer<AgentBusException> onError,
      Consumer<AgentBusException> failures,
      Consumer<Listener> onStopped,
      String threadName) {
    this.client = client;
    this.handler = handler;
    this.onError = onError;
    this.failures = failures;
    this.onStopped = onStopped;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    boolean inOutage = false;
    try {
      while (!stopping()) {
        synchronized (interruptLock) {
          polling = true;
        }
        try {
          client.pollAndHandle(this::handle, this::skipped).ifPresent(this::report);
          backoff = FIRST_BACKOFF_MILLIS;
          inOutage = false;
        } catch (BusRejectedException e) {
          if (stopping()) {
            return;
          }
          if (!e.isWorthRetrying()) {
            stop(e);
            return;
          }
          if (!inOutage) {
            report(e);
            inOutage = true;
          }
          backoff = pause(backoff, e.retryAfter().orElse(Duration.ZERO));
        } catch (BusUnreachableException e) {
          if (stopping()) {
            return;
          }
          if (!inOutage) {
            report(e);
            inOutage = true;
          }
          backoff = pause(backoff, Duration.ZERO);
        }
      }
    } catch (RuntimeException | Error e) {
      if (e instanceof IllegalStateException && client.isClosed()) {
        return; // the client was closed as this listener started: that is a stop, not a failure
      }
      stop(new AgentBusException("the listener stopped on an unexpected error: " + e, e));
    } finally {
      onStopped.accept(this); // first, so that the client lists no stopped listener once awaited
      stopped.countDown();
    }
  }

  /** Hands messages over in order until done or closed; returns how many it handed over. */
  private int handle(List<BusMessage> batch) {
    synchronized (interruptLock) {
      polling = false;
      // a close that came as the answer arrived must not break the handler or the cursor write
      Thread.interrupted();
    }
    int handled = 0;
    for (BusMessage message : batch) {
      if (stopping()) {
        break;
      }
      try {
        handler.accept(message);
      } catch (RuntimeException e) {
        AgentBusException failure =
            new AgentBusException(
                "the message handler threw on " + describe(message) + ": " + reason(e), e);
        failures.accept(failure);
        report(failure);
      } catch (Error e) {
        // An assertion that failed in the handler: stop here, leaving this message unhandled.
        stop(
            new AgentBusException(
                "the message handler threw on "
                    + describe(message)
                    + " and the listener stopped: "
                    + reason(e),
                e));
        stopRequested.countDown();
        break;
      }
      handled++;
    }
    return handled;
  }

  /** A message of an answer that could not be read: not handed over, but never silently. */
  private void skipped(AgentBusException unreadable) {
    failures.accept(unreadable);
    report(unreadable);
  }

  private boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  private void stop(AgentBusException e) {
    failure = e;
    failures.accept(e);
    report(e);
  }

  /** Names a message in an error: who sent it, where, and the start of its body. */
  private static String describe(BusMessage message) {
    String body = message.msg();
    String shown =
        body.length() <= MAX_BODY_SHOWN
            ? body
            : body.substring(0, MAX_BODY_SHOWN) + "...[" + body.length() + " chars]";
    return "the message from "
        + message.from()
        + (message.channel() == null ? "" : " on channel " + message.channel())
        + " (ts "
        + message.ts().toPlainString()
        + ", \""
        + shown
        + "\")";
  }

  /** An assertion's own message reads best alone; anything else needs its type too. */
  private static String reason(Throwable e) {
    return e instanceof AssertionError && e.getMessage() != null
        ? e.getMessage().strip()
        : e.toString();
  }

  private void report(AgentBusException e) {
    try {
      onError.accept(e);
    } catch (RuntimeException ignored) {
      // an error callback that fails must not kill the loop
    }
  }

  /**
   * Waits out a backoff, or the bus's {@code Retry-After} when that is longer, waking early on
   * close; returns the next, doubled, backoff.
   */
  private long pause(long millis, Duration retryAfter) {
    try {
      stopRequested.await(waitMillis(millis, retryAfter), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      stopRequested.countDown();
    }
    return Math.min(millis * 2, MAX_BACKOFF_MILLIS);
  }

  /**
   * @return the longer of the backoff and the bus's {@code Retry-After}, the latter capped at
   *     {@link #MAX_RETRY_AFTER_SECONDS}
   */
  static long waitMillis(long backoffMillis, Duration retryAfter) {
    long asked = Math.min(retryAfter.toSeconds(), MAX_RETRY_AFTER_SECONDS) * 1_000;
    return Math.max(backoffMillis, asked);
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
    if (Thread.currentThread() == thread) {
      return; // closed from the handler: the loop ends after this message
    }
    synchronized (interruptLock) {
      if (polling) {
        thread.interrupt(); // abandons the long-poll in flight
      }
    }
    try {
      awaitStopped(CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
