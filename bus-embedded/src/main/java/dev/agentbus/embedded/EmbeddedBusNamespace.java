package dev.agentbus.embedded;

import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.InBusFaults;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** The handle of a namespace of a bus in this JVM: every call goes straight to the core. */
final class EmbeddedBusNamespace implements BusNamespace {

  private final Bus bus;
  private final Namespace namespace;
  private final URI url;

  EmbeddedBusNamespace(Bus bus, Namespace namespace, URI url) {
    this.bus = bus;
    this.namespace = namespace;
    this.url = url;
  }

  @Override
  public String id() {
    return namespace.id();
  }

  @Override
  public URI url() {
    return url;
  }

  @Override
  public NamespaceOptions options() {
    return namespace.options();
  }

  @Override
  public JournalView journal() {
    return namespace.journal();
  }

  @Override
  public TrafficSnapshot snapshot() {
    return namespace.snapshot();
  }

  @Override
  public TrafficCounts counts() {
    return namespace.counts();
  }

  @Override
  public ParkedPolls parkedNow() {
    return namespace.parkedNow();
  }

  @Override
  public ParkedPolls awaitParkedChange(long version, Duration timeout) throws InterruptedException {
    namespace.awaitParkedChange(version, timeout);
    return namespace.parkedNow();
  }

  @Override
  public int parkedPolls() {
    return namespace.parkedPolls();
  }

  @Override
  public boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException {
    return namespace.awaitParkedPolls(null, null, count, timeout);
  }

  @Override
  public boolean awaitPolling(String agent, String channel, Duration timeout)
      throws InterruptedException {
    return namespace.awaitParkedPolls(agent, channel, 1, timeout);
  }

  @Override
  public InBusFaults faults() {
    return new InBusFaults() {
      @Override
      public void add(FaultRule rule) {
        namespace.addFault(rule);
      }

      @Override
      public void clear() {
        namespace.clearFaults();
      }

      @Override
      public void restart(RestartQueues queues, Duration downFor) {
        namespace.restart(Objects.requireNonNull(queues, "queues"), downFor);
      }

      @Override
      public void recordWireFault(String agent, String request, String fault) {
        namespace.recordWireFault(agent, request, fault);
      }
    };
  }

  @Override
  public void close() {
    if (!namespace.id().isEmpty()) {
      bus.dropNamespace(namespace.id(), namespace);
    }
  }

  @Override
  public String toString() {
    return "namespace '" + namespace.id() + "' at " + url;
  }
}
