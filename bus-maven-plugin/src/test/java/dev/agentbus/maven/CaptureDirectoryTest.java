package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureDirectoryTest {

  @TempDir Path directory;

  @Test
  void journalsWrittenAndReadBackGiveTheSameOutcomes() throws Exception {
    CaptureDirectory capture = new CaptureDirectory(directory);
    Journals journals = new Journals().sent("alice", "bob", null, "ping").polled("bob", "c-7");
    String rootFile = capture.writeJournal("", "", new Journals().entries());
    String file = capture.writeJournal("t-1", "t-1", journals.entries());
    capture.writeIndex(
        List.of(
            new CapturedNamespace("", ChannellessRecv.ALL, rootFile, 0),
            new CapturedNamespace("t-1", ChannellessRecv.DEFAULT, file, 7)));

    List<TrafficReport> reports = new ArrayList<>();
    capture.read(reports::add);

    assertThat(rootFile).isEqualTo("journal/_root.jsonl");
    assertThat(file).isEqualTo("journal/t-1.jsonl");
    assertThat(reports).extracting(TrafficReport::namespace).containsExactly("", "t-1");
    assertThat(reports.get(1).channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
    assertThat(reports.get(1).droppedEntries()).isEqualTo(7);
    assertThat(reports.get(1).messages().get(0).status())
        .isEqualTo(DeliveryStatus.CHANNEL_MISMATCH);
  }

  @Test
  void aCaptureIsReadOneNamespaceAtATimeSoABuildsTrafficNeedNotFitInTheHeap() throws Exception {
    CaptureDirectory capture = new CaptureDirectory(directory);
    String first = capture.writeJournal("t-1", "t-1", new Journals().entries());
    String second = capture.writeJournal("t-2", "t-2", new Journals().entries());
    capture.writeIndex(
        List.of(
            new CapturedNamespace("t-1", ChannellessRecv.ALL, first, 0),
            new CapturedNamespace("t-2", ChannellessRecv.ALL, second, 0)));
    List<String> seen = new ArrayList<>();

    // The second journal is gone by the time it is read: it was not read with the first.
    assertThatThrownBy(
            () ->
                capture.read(
                    report -> {
                      seen.add(report.namespace());
                      deleteUnchecked(directory.resolve(second));
                    }))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(seen).containsExactly("t-1");
  }

  private static void deleteUnchecked(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void readingWithoutAnIndexSaysNoSuchFile() {
    assertThatThrownBy(() -> new CaptureDirectory(directory).read(report -> {}))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void clearRemovesTheLastBuildsCaptureSoVerifyNeverJudgesStaleTraffic() throws Exception {
    CaptureDirectory capture = new CaptureDirectory(directory);
    String file = capture.writeJournal("t-1", "t-1", new Journals().entries());
    capture.writeIndex(List.of(new CapturedNamespace("t-1", ChannellessRecv.ALL, file, 0)));
    capture.writeText(CaptureDirectory.SUMMARY_FILE, "old");
    capture.writeUrl("http://127.0.0.1:1");

    capture.clear();

    try (var left = Files.walk(directory)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void theUrlFileHoldsTheUrlOnOneLine() throws Exception {
    CaptureDirectory capture = new CaptureDirectory(directory);

    capture.writeUrl("http://127.0.0.1:41234");

    assertThat(directory.resolve("url.txt")).hasContent("http://127.0.0.1:41234\n");
    assertThat(directory).isDirectoryNotContaining("glob:**.tmp");
  }
}
