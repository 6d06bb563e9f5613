package dev.agentbus.junit5;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.NamespaceView;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.net.URI;
import java.time.Duration;

/**
 * The test's namespace as the test sees it: every read of the handle the extension owns, and no way
 * back to that handle. Not {@link AutoCloseable} either, so that nothing a test hands it to (a
 * try-with-resources, a JUnit {@code Store}) drops the namespace while the test runs; the extension
 * drops it after the test. Thread-safe, as the handle is.
 */
final class ReadOnlyNamespace implements NamespaceView {

  private final BusNamespace handle;

  ReadOnlyNamespace(BusNamespace handle) {
    this.handle = handle;
  }

  @Override
  public String id() {
    return handle.id();
  }

  @Override
  public URI url() {
    return handle.url();
  }

  @Override
  public NamespaceOptions options() {
    return handle.options();
  }

  @Override
  public JournalView journal() {
    return handle.journal();
  }

  @Override
  public TrafficSnapshot snapshot() {
    return handle.snapshot();
  }

  @Override
  public TrafficCounts counts() {
    return handle.counts();
  }

  @Override
  public int parkedPolls() {
    return handle.parkedPolls();
  }

  @Override
  public ParkedPolls parkedNow() {
    return handle.parkedNow();
  }

  @Override
  public ParkedPolls awaitParkedChange(long version, Duration timeout) throws InterruptedException {
    return handle.awaitParkedChange(version, timeout);
  }

  @Override
  public boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException {
    return handle.awaitParkedPolls(count, timeout);
  }

  @Override
  public boolean awaitPolling(String agent, String channel, Duration timeout)
      throws InterruptedException {
    return handle.awaitPolling(agent, channel, timeout);
  }

  @Override
  public String toString() {
    return handle.toString();
  }
}
