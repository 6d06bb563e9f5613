package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.BusThreadGroup;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * XNIO and Undertow catch what a listener or task throws on an I/O thread, log it and carry on,
 * even after an {@code OutOfMemoryError}. This handler reads those log records (through
 * java.util.logging, which they use when no other logging framework is present) and reports a fatal
 * error thrown on one of this bus's threads.
 *
 * <p>Installed on {@link #install()}, removed on {@link #close()}: other servers in the same JVM
 * have watches of their own, each looking only at its own threads.
 */
public final class XnioErrorWatch extends Handler implements AutoCloseable {

  private final BusThreadGroup threads;
  private final List<Logger> loggers =
      List.of(Logger.getLogger("org.xnio"), Logger.getLogger("io.undertow"));

  /**
   * @param threads the bus's threads, and where they report
   */
  public XnioErrorWatch(BusThreadGroup threads) {
    this.threads = threads;
  }

  /**
   * @return this watch, now receiving the records
   */
  public XnioErrorWatch install() {
    loggers.forEach(logger -> logger.addHandler(this));
    return this;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getThrown() != null && threads.containsCurrentThread()) {
      threads.fatalErrors().report(record.getThrown());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    loggers.forEach(logger -> logger.removeHandler(this));
  }
}
