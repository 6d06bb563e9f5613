package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's traffic goes to disk namespace by namespace; only a summary stays in memory. */
class TrafficCaptureTest {

  @TempDir Path directory;

  @Test
  void aNamespaceIsWrittenAndRenderedWhenAddedAndTheRootsTranscriptComesFirst() throws Exception {
    TrafficCapture capture = new TrafficCapture(new CaptureDirectory(directory));
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusNamespace test = server.createNamespace("t-1", NamespaceOptions.defaults());
      send(test, "in t-1");
      send(server.root(), "at the root");

      capture.add(test);

      Path journal = directory.resolve("journal/t-1.jsonl");
      assertThat(journal).content().contains("in t-1");
      // Rendered at once, so that nothing of it need stay in memory until the bus stops.
      assertThat(directory.resolve(CaptureDirectory.TRANSCRIPT_PARTS)).content().contains("in t-1");

      capture.add(server.root());
      BuildSummary summary = capture.finish();

      assertThat(summary.headline()).startsWith("2 messages in 2 namespaces");
      String transcript = Files.readString(directory.resolve(CaptureDirectory.TRANSCRIPT_FILE));
      assertThat(transcript.indexOf("at the root")).isLessThan(transcript.indexOf("in t-1"));
      assertThat(transcript.indexOf("at the root")).isNotNegative();
      try (var files = Files.list(directory)) {
        assertThat(files.map(file -> file.getFileName().toString()))
            .containsExactlyInAnyOrder(
                "journal",
                CaptureDirectory.PAGES_DIRECTORY,
                CaptureDirectory.REPORT_INDEX_FILE,
                CaptureDirectory.TRANSCRIPT_FILE,
                CaptureDirectory.SUMMARY_FILE,
                CaptureDirectory.INDEX_FILE);
      }
    }
  }

  @Test
  void everyNamespaceGetsAReportPageAndTheIndexPageListsTheLossesFirst() throws Exception {
    TrafficCapture capture = new TrafficCapture(new CaptureDirectory(directory));
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusNamespace fine = server.createNamespace("a-fine", NamespaceOptions.defaults());
      BusNamespace lossy = server.createNamespace("z-lossy", NamespaceOptions.defaults());
      send(fine, "read at once");
      try (AgentBusClient bob =
          AgentBusClient.builder().url(fine.url()).name("bob").channel("c-1").build()) {
        bob.recv(BigDecimal.ZERO, false, 10);
      }
      send(lossy, "never read");

      capture.add(fine);
      capture.add(lossy);
      capture.add(server.root());
      capture.finish();
    }

    assertThat(directory.resolve("pages/a-fine.html")).content().contains("read at once");
    assertThat(directory.resolve("pages/z-lossy.html")).content().contains("never read");
    assertThat(directory.resolve("pages/_root.html")).exists();
    String index = Files.readString(directory.resolve(CaptureDirectory.REPORT_INDEX_FILE));
    assertThat(index.indexOf("href=\"pages/z-lossy.html\""))
        .isNotNegative()
        .isLessThan(index.indexOf("href=\"pages/a-fine.html\""));
  }

  @Test
  void aPollParkedWhenANamespaceIsCapturedCountsWhenItsTrafficIsReadBack() throws Exception {
    CaptureDirectory directory = new CaptureDirectory(this.directory);
    TrafficCapture capture = new TrafficCapture(directory);
    try (AgentBusServer server = AgentBusServer.builder().start();
        AgentBusClient planner =
            AgentBusClient.builder()
                .url(server.url())
                .name("planner")
                .channel("c-7")
                .warnings(w -> {})
                .build()) {
      planner.listen(message -> {});
      assertThat(server.root().awaitPolling("planner", "c-7", Duration.ofSeconds(10))).isTrue();
      try (AgentBusClient alice =
          AgentBusClient.builder().url(server.url()).name("alice").noChannel().build()) {
        alice.send("planner", "plan?");
      }

      capture.add(server.root());
      capture.finish();
    }

    List<TrafficReport> reports = new ArrayList<>();
    directory.read(reports::add);
    assertThat(reports.get(0).messages())
        .singleElement()
        .satisfies(m -> assertThat(m.status()).isEqualTo(DeliveryStatus.CHANNEL_MISMATCH));
    assertThat(new TrafficRules(EnumSet.allOf(TrafficRule.class), List.of()).check(reports))
        .extracting(Violation::rule)
        .containsExactly(TrafficRule.CHANNEL_MISMATCH);
  }

  private static void send(BusNamespace namespace, String text) {
    try (AgentBusClient alice =
        AgentBusClient.builder()
            .url(namespace.url())
            .name("alice")
            .channel("c-1")
            .warnings(w -> {})
            .build()) {
      alice.send("bob", text);
    }
  }
}
