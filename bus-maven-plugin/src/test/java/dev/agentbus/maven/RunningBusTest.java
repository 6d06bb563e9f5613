package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RunningBusTest {

  @TempDir Path directory;

  private final MavenProject project = new MavenProject();

  private RunningBus start() {
    TrafficCapture capture = new TrafficCapture(new CaptureDirectory(directory));
    DroppedNamespaceKeeper dropped = new DroppedNamespaceKeeper(capture, new SystemStreamLog());
    AgentBusServer server = AgentBusServer.builder().onNamespaceDropped(dropped).start();
    return RunningBus.attach(project, server, capture, dropped, new SystemStreamLog());
  }

  private static AgentBusClient client(URI url, String name, String channel) {
    AgentBusClient.Builder builder =
        AgentBusClient.builder().url(url).name(name).startFromBeginning().warnings(w -> {});
    return (channel == null ? builder.noChannel() : builder.channel(channel)).build();
  }

  private List<TrafficReport> readBack() throws IOException {
    List<TrafficReport> reports = new ArrayList<>();
    new CaptureDirectory(directory).read(reports::add);
    return reports;
  }

  @Test
  void theTrafficOfANamespaceDroppedBeforeStopIsKept() throws Exception {
    RunningBus running = start();
    BusNamespace test = running.server().createNamespace("t-1", NamespaceOptions.defaults());
    try (AgentBusClient alice = client(test.url(), "alice", "c-1");
        AgentBusClient bob = client(test.url(), "bob", "c-1")) {
      alice.send("bob", "ping");
      assertThat(bob.poll()).extracting(BusMessage::msg).containsExactly("ping");
    }
    test.close();

    running.stop().orElseThrow();

    List<TrafficReport> reports = readBack();
    assertThat(reports).extracting(TrafficReport::namespace).containsExactly("", "t-1");
    assertThat(reports.get(1).messages().get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(directory.resolve("journal/t-1.jsonl")).exists();
  }

  @Test
  void whatStopWroteReadsBackWithTheSameOutcomes() throws Exception {
    RunningBus running = start();
    URI open = URI.create(running.server().url() + "/ns/open");
    try (AgentBusClient alice = client(open, "alice", null);
        AgentBusClient bob = client(open, "bob", "c-7")) {
      alice.send("bob", "ping");
      assertThat(bob.pollNow()).isEmpty();
    }

    BuildSummary written = running.stop().orElseThrow();
    List<TrafficReport> read = readBack();

    assertThat(BuildSummary.render(read)).isEqualTo(written.render());
    assertThat(read.get(1).messages().get(0).status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
    assertThat(directory.resolve(CaptureDirectory.SUMMARY_FILE))
        .content()
        .contains("bob only polled channel c-7");
    assertThat(directory.resolve(CaptureDirectory.TRANSCRIPT_FILE))
        .content()
        .contains("NOT DELIVERED");
  }

  @Test
  void anIdDroppedAndCreatedAgainIsKeptOncePerLife() throws Exception {
    RunningBus running = start();
    for (int life = 1; life <= 2; life++) {
      BusNamespace test = running.server().createNamespace("t-1", NamespaceOptions.defaults());
      try (AgentBusClient alice = client(test.url(), "alice", "c-1")) {
        alice.send("bob", "life " + life);
      }
      test.close();
    }

    running.stop().orElseThrow();

    assertThat(readBack()).extracting(TrafficReport::namespace).containsExactly("", "t-1", "t-1");
    assertThat(directory.resolve("journal/t-1.jsonl")).content().contains("life 1");
    assertThat(directory.resolve("journal/t-1~2.jsonl")).content().contains("life 2");
  }

  @Test
  void stopAnswersAParkedPollAndRunsOnce() throws Exception {
    RunningBus running = start();
    BusNamespace root = running.server().root();
    CompletableFuture<List<BusMessage>> parked;
    try (AgentBusClient bob = client(running.server().url(), "bob", "c-1")) {
      parked = CompletableFuture.supplyAsync(bob::poll);
      assertThat(root.awaitParkedPolls(1, Duration.ofSeconds(10))).isTrue();

      assertThat(running.stop()).isPresent();

      assertThat(parked.get(5, TimeUnit.SECONDS)).isEmpty();
    }
    assertThat(running.stop()).isEmpty();
    assertThat(RunningBus.of(project)).isEmpty();
  }
}
