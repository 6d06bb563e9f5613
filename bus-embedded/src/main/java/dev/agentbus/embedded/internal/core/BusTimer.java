package dev.agentbus.embedded.internal.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The bus's one timer thread (long-poll timeouts). A scheduled task's exception is normally kept in
 * its future, unseen; here a fatal one is reported, so that the bus fails instead of silently
 * losing its timer.
 */
final class BusTimer extends ScheduledThreadPoolExecutor {

  private final FatalErrors fatalErrors;

  BusTimer(ThreadGroup group, FatalErrors fatalErrors) {
    super(
        1,
        task -> {
          Thread thread = new Thread(group, task, "agent-bus-timer");
          thread.setDaemon(true);
          return thread;
        });
    this.fatalErrors = fatalErrors;
    setRemoveOnCancelPolicy(true);
  }

  @Override
  protected void afterExecute(Runnable task, Throwable thrown) {
    super.afterExecute(task, thrown);
    if (thrown == null && task instanceof Future<?> future && future.isDone()) {
      try {
        future.get();
      } catch (ExecutionException e) {
        thrown = e.getCause();
      } catch (CancellationException e) {
        // cancelled: nothing ran
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (thrown != null) {
      fatalErrors.report(thrown);
    }
  }
}
