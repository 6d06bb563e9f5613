package dev.agentbus.embedded.internal.core;

/**
 * The thread group of every thread a bus starts (its I/O, worker, timer and log threads), so that
 * an error that kills one of them fails the bus instead of leaving it half alive.
 */
public final class BusThreadGroup extends ThreadGroup {

  private final FatalErrors fatalErrors;

  /**
   * @param fatalErrors where the threads report fatal errors
   */
  public BusThreadGroup(FatalErrors fatalErrors) {
    super("agent-bus");
    this.fatalErrors = fatalErrors;
  }

  /**
   * @return where the threads report fatal errors
   */
  public FatalErrors fatalErrors() {
    return fatalErrors;
  }

  /**
   * @return whether the calling thread is one of this bus's threads
   */
  public boolean containsCurrentThread() {
    return parentOf(Thread.currentThread().getThreadGroup());
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    fatalErrors.report(error);
    super.uncaughtException(thread, error);
  }
}
