package dev.agentbus.embedded.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code serve}'s JVM give memory back to the machine once a burst of traffic has passed.
 *
 * <p>A JVM grows its heap to carry a burst and, left at its defaults, keeps it: after a load run
 * {@code serve} held gigabytes it no longer used. Two things bring it down. The bounds on free heap
 * (manageable flags, so {@code serve} sets them on itself rather than asking every user for JVM
 * options; a bound the user set is left as given) make a full collection shrink the heap to what is
 * live plus a third. And a full collection is run once the bus has gone idle after a burst: G1's
 * own periodic collection is concurrent, which leaves the garbage of the burst in place.
 *
 * <p>Only {@code serve} does this: an embedded bus shares its JVM with a test suite or a Maven
 * build, whose settings are not ours to change.
 *
 * <p>Thread-safety: {@link #start} is called once; the watcher then runs on its own daemon thread
 * and reads only the JVM's own counters.
 */
final class MemoryGiveBack implements AutoCloseable {

  /** How often the watcher looks, and how long the heap must stay still to count as idle. */
  static final Duration LOOK_EVERY = Duration.ofSeconds(5);

  /**
   * The bounds, in the order they are set: the lower goes down first, so that the upper may go
   * below its default without crossing it. After a full collection at most 30 % stays free.
   */
  private static final List<Flag> FREE_HEAP_BOUNDS =
      List.of(new Flag("MinHeapFreeRatio", "10"), new Flag("MaxHeapFreeRatio", "30"));

  private record Flag(String name, String value) {}

  private final ScheduledExecutorService watcher;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final PrintStream err;
  private final BurstEnd burstEnd;

  private MemoryGiveBack(ScheduledExecutorService watcher, PrintStream err) {
    this.watcher = watcher;
    this.err = err;
    this.burstEnd = new BurstEnd(memory.getHeapMemoryUsage().getUsed(), collections());
  }

  /**
   * Sets the bounds on free heap and starts watching for the end of bursts.
   *
   * @param err where a failure of the watcher is said; the bus serves on without it
   * @return the watcher, to close when the bus stops
   */
  static MemoryGiveBack start(PrintStream err) {
    boundFreeHeap();
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "agent-bus-memory-give-back");
              thread.setDaemon(true);
              return thread;
            });
    MemoryGiveBack giveBack = new MemoryGiveBack(watcher, err);
    watcher.scheduleWithFixedDelay(
        giveBack::look, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return giveBack;
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }

  /** One look: when a burst has just ended, a full collection gives its heap back. */
  private void look() {
    try {
      if (burstEnd.endedAt(memory.getHeapMemoryUsage().getUsed(), collections())) {
        System.gc();
        burstEnd.collected(memory.getHeapMemoryUsage().getUsed(), collections());
      }
    } catch (RuntimeException e) {
      err.println(
          "agent-bus: warning: memory is no longer given back after bursts of traffic ("
              + e
              + "); the bus serves on, within its bounds");
      err.flush();
      watcher.shutdown();
    }
  }

  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }

  private static void boundFreeHeap() {
    HotSpotDiagnosticMXBean hotSpot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotSpot == null) {
      return;
    }
    for (Flag flag : FREE_HEAP_BOUNDS) {
      VMOption.Origin origin = hotSpot.getVMOption(flag.name()).getOrigin();
      if (origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC) {
        continue;
      }
      try {
        hotSpot.setVMOption(flag.name(), flag.value());
      } catch (IllegalArgumentException crossesAUserSetting) {
        // e.g. a MinHeapFreeRatio the user raised above our MaxHeapFreeRatio: theirs wins
      }
    }
  }
}
