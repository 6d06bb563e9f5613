package dev.agentbus.embedded;

import dev.agentbus.embedded.faults.InBusFaults;

/**
 * The owner's handle of one isolated namespace of a bus: a complete bus at {@link #url()} with its
 * own channels, its own {@code default} channel, its own queues, options and journal. It reads like
 * a {@link NamespaceView} and adds {@link #close()}; hand the view, not the handle, to code that
 * only looks.
 *
 * <p>Closing the handle drops the namespace: its parked polls are answered, its messages and
 * journal discarded. The root namespace of a bus cannot be dropped; closing its handle does
 * nothing. Implementations are thread-safe.
 */
public interface BusNamespace extends NamespaceView, AutoCloseable {

  /**
   * The faults this namespace injects into its own delivery (drop, duplicate, hold back), for a
   * test that checks its agents survive them. Only the owner's handle has them: a read-only view
   * cannot change how the bus delivers.
   *
   * @return this namespace's in-bus faults; each call to it takes effect at once (in process) or
   *     after one short admin request (over HTTP)
   */
  InBusFaults faults();

  /** Drops the namespace (nothing for the root). Idempotent. */
  @Override
  void close();
}
