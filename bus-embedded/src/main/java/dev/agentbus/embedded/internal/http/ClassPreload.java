package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads, on a thread of its own, the two slowest things the first bus of a JVM needs, while the
 * starting thread builds the rest: the JVM's platform MBean server, which XNIO registers its beans
 * with whether anyone reads them or not, and the protocol's JSON codec. Each takes a fresh JVM
 * hundreds of milliseconds of class loading; on a machine with a spare core they now overlap with
 * the I/O threads' and the listener's start. Class initialisation and the MBean server's creation
 * are each done once by the JVM, whichever thread asks first; the other waits for it, so nothing
 * here changes what is loaded, only when. Later buses in the same JVM start no thread.
 */
public final class ClassPreload {

  private static final AtomicBoolean BEGUN = new AtomicBoolean();

  /**
   * Long enough for a loaded machine; past it the starting thread goes on and loads them itself.
   */
  private static final long JOIN_MILLIS = 30_000;

  private final Thread thread;

  private ClassPreload(Thread thread) {
    this.thread = thread;
  }

  /**
   * Starts the loading thread if this is the JVM's first call. Returns at once.
   *
   * @return a handle to {@link #await} before the bus reports that it runs
   */
  public static ClassPreload begin() {
    if (!BEGUN.compareAndSet(false, true)) {
      return new ClassPreload(null);
    }
    return onItsOwnThread(ClassPreload::load);
  }

  /** Runs {@code work} on a daemon thread; {@link #await} waits for it. */
  static ClassPreload onItsOwnThread(Runnable work) {
    Thread loader = new Thread(work, "agent-bus-class-preload");
    loader.setDaemon(true);
    loader.start();
    return new ClassPreload(loader);
  }

  /**
   * @return whether this handle started a thread
   */
  boolean startedAThread() {
    return thread != null;
  }

  private static void load() {
    try {
      ManagementFactory.getPlatformMBeanServer();
      ProtocolJson.readTree(ProtocolJson.writeString(new BusError("class preload")));
    } catch (IOException | RuntimeException | LinkageError e) {
      // The starting thread meets the same failure when it gets there, and reports it.
    }
  }

  /**
   * Waits until the loading thread has ended, so that a started bus leaves no thread of it behind:
   * at most {@value #JOIN_MILLIS} ms, and only when this call started one.
   */
  public void await() {
    if (thread == null) {
      return;
    }
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
