package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoFailureException;
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
  void aBusThatFailsEndsTheRunAndFailsTheGoalNamingTheError() throws Exception {
    FailingClock clock = new FailingClock();
    LiveTraffic traffic = new LiveTraffic(printed::add, ZoneOffset.UTC, true);
    ForegroundBus bus =
        new ForegroundBus(
            traffic.watch(AgentBusServer.builder().clock(clock)).start(), traffic, printed::add);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    clock.failFromNowOn();
    assertThatThrownBy(() -> send(bus.server().url(), "alice", "bob", "c-7", "ping"))
        .hasMessageContaining("503 the bus failed");

    run.get(10, TimeUnit.SECONDS); // ended by the failure, with no stop() and no limit
    assertThatThrownBy(() -> FailedBus.check(bus.server()))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("agent-bus failed while it ran")
        .hasMessageContaining("java.lang.OutOfMemoryError: the clock ran out");
  }

  /** The wall clock until told to fail: then every reading throws a fatal error. */
  private static final class FailingClock extends Clock {
    private volatile boolean failing;

    void failFromNowOn() {
      failing = true;
    }

    @Override
    public Instant instant() {
      if (failing) {
        throw new OutOfMemoryError("the clock ran out");
      }
      return Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
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
  void theRunPrintsWhereItsLiveTrafficReportIs() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));

    String report = awaitLine("traffic report");

    assertThat(report)
        .isEqualTo("traffic report (live, in a browser): " + bus.server().url() + "/_bus/report");
    bus.stop();
    run.get(10, TimeUnit.SECONDS);
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
  void aListenersPollShowsAsSoonAsItParks() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    try (AgentBusClient bob =
        AgentBusClient.builder().url(bus.server().url()).name("bob").channel("c-7").build()) {
      bob.listen(message -> {});

      // The poll waits up to 30 s for a message; its line must not wait for its answer.
      assertThat(awaitLine("bob polls")).endsWith("  bob polls channel c-7 (waiting)");
    }
    bus.stop();
    run.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aListenersPollInANamespaceShowsAsSoonAsItParksWithTheNamespace() throws Exception {
    ForegroundBus bus = foregroundBus(true);
    Future<BuildSummary> run = runner.submit(() -> bus.run(null, null));
    awaitLine("agent-bus listening on ");

    try (AgentBusClient dave =
        AgentBusClient.builder()
            .url(bus.server().namespaceUrl("t-1"))
            .name("dave")
            .channel("c-2")
            .build()) {
      dave.listen(message -> {});

      assertThat(awaitLine("dave polls")).endsWith("  /ns/t-1  dave polls channel c-2 (waiting)");
    }
    bus.stop();
    run.get(10, TimeUnit.SECONDS);
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
