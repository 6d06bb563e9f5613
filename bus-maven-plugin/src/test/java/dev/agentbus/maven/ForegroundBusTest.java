package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.NamespaceOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ForegroundBusTest {

  private final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  /** A bus as {@code bus:run} starts it, printing into {@link #printed}. */
  private ForegroundBus foregroundBus(boolean showNamespaces) {
    LiveTraffic traffic = new LiveTraffic(printed::add, ZoneOffset.UTC, showNamespaces);
    AgentBusServer server = traffic.watch(AgentBusServer.builder()).start();
    return new ForegroundBus(server, traffic, printed::add);
  }

  private String awaitLine(String containing) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String line = printed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(containing)) {
        return line;
      }
    }
    throw new AssertionError("nothing printed contained '" + containing + "'");
  }

  private static void send(URI url, String from, String to, String channel, String msg) {
    try (AgentBusClient client =
        AgentBusClient.builder().url(url).name(from).channel(channel).build()) {
      client.send(to, msg);
    }
  }

  @Test
  void eachMessagePrintsAsItCrossesAndStopEndsTheRun() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    String listening = awaitLine("agent-bus listening on ");

    send(bus.server().url(), "alice", "bob", "c-7", "ping\nsecond line");

    assertThat(listening).endsWith(bus.server().url().toString());
    assertThat(awaitLine("alice -> bob"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  alice -> bob  \\[c-7]  ping \\(\\+1 lines\\)");
    bus.stop();
    assertThat(run.get(10, TimeUnit.SECONDS).headline()).startsWith("1 message in 1 namespace:");
  }

  @Test
  void aMessageInANamespacePrintsWithTheNamespaceAfterTheTime() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    send(bus.server().namespaceUrl("t-1"), "carol", "dave", "c-2", "in a namespace");

    assertThat(awaitLine("carol -> dave"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  /ns/t-1  carol -> dave  \\[c-2]  in a namespace");
    bus.stop();
    run.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theSummaryCountsEveryNamespaceAlsoThoseDroppedWhileTheBusRan() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    send(bus.server().url(), "alice", "bob", "c-1", "at the root");
    send(bus.server().namespaceUrl("t-1"), "carol", "dave", "c-2", "stays");
    BusNamespace dropped = bus.server().createNamespace("t-2", NamespaceOptions.defaults());
    send(dropped.url(), "erin", "frank", "c-3", "dropped right after");
    dropped.close();
    bus.stop();

    assertThat(run.get(10, TimeUnit.SECONDS).headline())
        .startsWith("3 messages in 3 namespaces: 0 delivered, 0 not yet, 3 lost");
    assertThat(printed)
        .anyMatch(line -> line.endsWith("/ns/t-2  erin -> frank  [c-3]  dropped right after"));
  }

  @Test
  void withNamespacesHiddenOnlyTheRootIsPrintedButEveryNamespaceIsCounted() throws Exception {
    ForegroundBus bus = foregroundBus(false);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    send(bus.server().namespaceUrl("t-1"), "carol", "dave", "c-2", "hidden");
    send(bus.server().url(), "alice", "bob", "c-1", "shown");
    awaitLine("alice -> bob");
    bus.stop();

    assertThat(run.get(10, TimeUnit.SECONDS).headline()).startsWith("2 messages in 2 namespaces:");
    assertThat(printed).noneMatch(line -> line.contains("carol -> dave"));
  }

  @Test
  void aTimeLimitEndsTheRunByItself() throws Exception {
    ForegroundBus bus = foregroundBus(true);

    BuildSummary traffic = bus.run(Duration.ofMillis(100), null);

    assertThat(traffic.headline()).startsWith("0 messages in 1 namespace:");
    assertThat(printed).contains("stops in 0 s");
    assertThatThrownBy(() -> HealthCheck.await(bus.server().url(), null))
        .isInstanceOf(IOException.class);
  }
}
