package dev.agentbus.maven;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Prints the traffic of a bus's namespaces as it crosses, each on a thread of its own that reads
 * the namespace's journal from its first entry (so nothing sent before the thread started is
 * missed), and sums up every namespace for the closing line: those dropped while the bus ran, as
 * they are dropped (only their summary is kept), and the others at the end.
 *
 * <p>At most {@link #MAX_SHOWN} namespaces are shown at once; one more is served and summed up, but
 * not shown, and a line says so. Thread-safe: the bus tells it of namespaces on its request
 * threads.
 */
final class LiveTraffic {

  /** Namespaces shown at once, each costing a thread while it lives. */
  static final int MAX_SHOWN = 1_000;

  /** Drops waiting to be summed up before the dropping thread sums up its own. */
  private static final int MAX_PENDING = 1_000;

  /** One wait on a journal; a printing thread waits again until it is interrupted. */
  private static final Duration WAIT_SLICE = Duration.ofSeconds(5);

  private final Consumer<String> out;
  private final ZoneId zone;
  private final boolean namespaces;
  // by journal, the one object all handles of a namespace share (a handle is made per call), so
  // that a namespace dropped and created again under its id is told from its successor
  private final Map<JournalView, Printer> shown = new IdentityHashMap<>(); // guarded by this
  private final BuildSummary summary = new BuildSummary(); // guarded by itself
  private final ThreadPoolExecutor summing;
  private boolean stopped; // guarded by this

  /**
   * @param out receives each line, from the namespaces' threads and the one that calls {@link
   *     #finish}
   * @param zone the time zone the times are shown in
   * @param namespaces {@code true} to show every namespace, {@code false} for the root only (the
   *     others are summed up all the same)
   */
  LiveTraffic(Consumer<String> out, ZoneId zone, boolean namespaces) {
    this.out = out;
    this.zone = zone;
    this.namespaces = namespaces;
    this.summing =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING),
            task -> {
              Thread thread = new Thread(task, "agent-bus-run-summary");
              thread.setDaemon(true);
              return thread;
            },
            // the dropping thread sums up itself, also after stopPrinting(), so no drop is lost
            (task, executor) -> task.run());
  }

  /**
   * @param builder the bus to be started
   * @return the builder, telling this of every namespace created and dropped
   */
  ServerBuilder watch(ServerBuilder builder) {
    return builder.onNamespaceCreated(this::created).onNamespaceDropped(this::dropped);
  }

  /**
   * Shows the root's traffic, from its first entry.
   *
   * @param server the started bus
   */
  void showRoot(AgentBusServer server) {
    show(server.root());
  }

  private void created(BusNamespace namespace) {
    if (namespaces) {
      show(namespace);
    }
  }

  private synchronized void show(BusNamespace namespace) {
    if (stopped) {
      return;
    }
    if (shown.size() >= MAX_SHOWN) {
      out.accept(
          "namespace "
              + namespace.id()
              + " is served but not shown: "
              + MAX_SHOWN
              + " namespaces are shown already; the closing line counts it");
      return;
    }
    Printer printer = new Printer(namespace, new TrafficLine(zone, namespace.id()));
    shown.put(namespace.journal(), printer);
    printer.start(namespace.id().isEmpty() ? "root" : namespace.id());
  }

  private void dropped(BusNamespace namespace) {
    Printer printer;
    synchronized (this) {
      printer = shown.remove(namespace.journal());
    }
    if (printer != null) {
      printer.interrupt(); // at once: the journal of a dropped namespace no longer makes it wait
    }
    summing.execute(
        () -> {
          if (printer != null) {
            printer.finish();
          }
          add(namespace.traffic());
        });
  }

  private void add(TrafficReport report) {
    synchronized (summary) {
      summary.add(report);
    }
  }

  /**
   * Stops the threads that print as traffic crosses, before the bus stops: a stopped bus's journals
   * no longer make their readers wait. {@link #finish} prints the rest.
   *
   * @throws InterruptedException if the calling thread is interrupted while they end
   */
  void stopPrinting() throws InterruptedException {
    List<Printer> printers;
    synchronized (this) {
      stopped = true;
      printers = new ArrayList<>(shown.values());
    }
    summing.shutdown();
    printers.forEach(Printer::interrupt);
    for (Printer printer : printers) {
      printer.join();
    }
  }

  /**
   * Prints what is left of every namespace shown, then sums them all up. Call after {@link
   * #stopPrinting()}, once the bus is stopped.
   *
   * @param server the stopped bus
   * @param timeout the longest wait for the namespaces dropped last to be summed up
   * @return the summary of every namespace the bus had, the root's first
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  BuildSummary finish(AgentBusServer server, Duration timeout) throws InterruptedException {
    List<Printer> printers;
    synchronized (this) {
      printers = new ArrayList<>(shown.values());
      shown.clear();
    }
    printers.forEach(Printer::printRest);
    if (!summing.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      out.accept(
          "the closing line may miss namespaces dropped last: summing them up took over "
              + timeout.toSeconds()
              + " s");
    }
    add(server.root().traffic());
    for (BusNamespace namespace : server.namespaces()) {
      add(namespace.traffic());
    }
    synchronized (summary) {
      return summary;
    }
  }

  /**
   * Prints one namespace's journal on a thread of its own, from its first entry, and its polls as
   * they park on a second one, until interrupted; then {@link #printRest()} prints what is left on
   * the caller's thread. The lines are formatted under their monitor: both threads feed them.
   */
  private final class Printer {
    private final BusNamespace namespace;
    private final JournalView journal;
    private final TrafficLine lines;
    private volatile long next = 1;
    private Thread thread;
    private ParkedPollWatch parked;

    Printer(BusNamespace namespace, TrafficLine lines) {
      this.namespace = namespace;
      this.journal = namespace.journal();
      this.lines = lines;
    }

    void start(String name) {
      thread = new Thread(this::printAsItCrosses, "agent-bus-run-" + name);
      thread.setDaemon(true);
      thread.start();
      parked =
          ParkedPollWatch.start(
              namespace,
              poll -> {
                synchronized (lines) {
                  lines.format(poll).ifPresent(out);
                }
              });
    }

    private void printAsItCrosses() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          print(journal.await(next, JournalView.MAX_PAGE, WAIT_SLICE));
        }
      } catch (InterruptedException e) {
        // asked to stop: whoever asked prints the rest with printRest()
      }
    }

    void interrupt() {
      thread.interrupt();
      parked.close();
    }

    void join() throws InterruptedException {
      thread.join();
    }

    /** Waits for the thread to end, then prints the rest. */
    void finish() {
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      printRest();
    }

    /** Prints what the thread did not, once it ended. */
    void printRest() {
      JournalPage page;
      do {
        page = journal.read(next, JournalView.MAX_PAGE);
        print(page);
      } while (!page.entries().isEmpty());
    }

    private void print(JournalPage page) {
      synchronized (lines) {
        page.entries().forEach(entry -> lines.format(entry).ifPresent(out));
      }
      next = page.nextSeq();
    }
  }
}
