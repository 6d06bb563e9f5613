package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.time.Duration;
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

  @Test
  void eachMessagePrintsAsItCrossesAndStopEndsTheRun() throws Exception {
    ForegroundBus bus = new ForegroundBus(AgentBusServer.builder().start(), printed::add);
    Future<TrafficReport> run = runner.submit(() -> bus.run(null, null));
    String listening = awaitLine("agent-bus listening on ");

    try (AgentBusClient alice =
        AgentBusClient.builder().url(bus.server().url()).name("alice").channel("c-7").build()) {
      alice.send("bob", "ping\nsecond line");
    }

    assertThat(listening).endsWith(bus.server().url().toString());
    assertThat(awaitLine("alice -> bob")).endsWith("alice -> bob  [c-7]  ping (+1 lines)");
    bus.stop();
    assertThat(run.get(10, TimeUnit.SECONDS).messages()).hasSize(1);
  }

  @Test
  void aListenersPollShowsAsSoonAsItParks() throws Exception {
    ForegroundBus bus = new ForegroundBus(AgentBusServer.builder().start(), printed::add);
    Future<TrafficReport> run = runner.submit(() -> bus.run(null, null));
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
  void aTimeLimitEndsTheRunByItself() throws Exception {
    ForegroundBus bus = new ForegroundBus(AgentBusServer.builder().start(), printed::add);

    TrafficReport traffic = bus.run(Duration.ofMillis(100), null);

    assertThat(traffic.messages()).isEmpty();
    assertThat(printed).contains("stops in 0 s");
    assertThatThrownBy(() -> HealthCheck.await(bus.server().url(), null))
        .isInstanceOf(IOException.class);
  }
}
