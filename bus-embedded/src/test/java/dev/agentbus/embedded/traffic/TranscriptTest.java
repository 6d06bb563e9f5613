package dev.agentbus.embedded.traffic;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.testing.BusHttp;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The human transcript: one line per event, aligned, with a summary. */
class TranscriptTest {

  @Test
  void theMismatchScenarioReadsAsAnAlignedTranscript() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.namespaceUrl("t-1"));
      bus.send("bob", "alice", "ping", "c-7");
      bus.get(recvQuery("alice", null, null, null, null));
      bus.send("alice", "bob", "pong\nsecond line", null);
      bus.get(recvQuery("bob", "c-7", null, null, null));
      bus.postRaw("/send", "{\"from\":\"carol\"}".getBytes());

      String[] lines =
          Transcript.render(server.namespace("t-1").orElseThrow().traffic()).split("\n");

      assertThat(lines).hasSize(5);
      assertThat(lines[0])
          .isEqualTo("agent-bus traffic (namespace t-1, channel-less recv reads every channel)");
      assertThat(lines[1])
          .matches(
              "  \\+0\\.000s  bob -> alice  \\[c-7\\]       \"ping\" +delivered after \\d+\\.\\d ms");
      assertThat(lines[2])
          .matches(
              "  \\+\\d\\.\\d{3}s  alice -> bob  \\[default\\*\\]  \"pong\\\\nsecond line\" +"
                  + "NOT DELIVERED: bob only polled channel c-7");
      assertThat(lines[3])
          .matches(
              "  \\+\\d\\.\\d{3}s  REJECTED POST /send 400: field \"to\" is required: a non-empty string");
      assertThat(lines[4])
          .isEqualTo(
              "2 messages: 1 delivered, 0 not yet, 1 lost (channel mismatch 1); 1 request rejected;"
                  + " * = no channel given");
    }
  }

  @Test
  void aTranscriptSaysWhenOlderEntriesWereDroppedAndHowManyMessagesItShows() {
    try (AgentBusServer server = AgentBusServer.builder().journalLimit(2).start()) {
      BusHttp bus = new BusHttp(server.url());
      for (int i = 0; i < 4; i++) {
        bus.send("alice", "bob", "m" + i, null);
      }

      String transcript = Transcript.render(server.traffic());

      assertThat(transcript)
          .contains(
              "(4 messages sent in all, the newest 2 of them shown; 2 older journal entries were"
                  + " dropped)");
    }
  }

  @Test
  void aTranscriptOfTrafficReadBackWithoutCountsSaysEarlierTrafficIsMissing() {
    try (AgentBusServer server = AgentBusServer.builder().journalLimit(2).start()) {
      BusHttp bus = new BusHttp(server.url());
      for (int i = 0; i < 4; i++) {
        bus.send("alice", "bob", "m" + i, null);
      }

      String transcript =
          Transcript.render(
              TrafficAnalysis.analyze(
                  "",
                  ChannellessRecv.ALL,
                  TrafficSnapshot.of(server.journal().entries(), server.journal().dropped())));

      assertThat(transcript)
          .contains("(2 older journal entries were dropped; earlier traffic is missing)");
    }
  }

  @Test
  void aBodyContainingColonSpaceRendersAsItselfWithItsReason() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "status: tests green", "c-7");

      String transcript = Transcript.render(server.traffic());

      assertThat(transcript.split("\n")[1])
          .matches(
              " +\\+0\\.000s  alice -> bob  \\[c-7\\] +\"status: tests green\" +"
                  + "NOT DELIVERED: bob never polled");
    }
  }

  @Test
  void controlCharactersInNamesChannelsAndPathsCannotForgeTranscriptLines() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      String forged = "\n  +0.001s  carol -> dave  [c-7]  \"hi\"  delivered after 0.1 ms\n";
      bus.send("mallory" + forged, "bob", "x", "c-7");
      bus.send("alice", "bob\r" + forged, "x", "c\u001b[2J" + forged);
      bus.get("/nowhere%0A%20%20+0.002s%20%20forged");

      String[] lines = Transcript.render(server.traffic()).split("\n");

      assertThat(lines).hasSize(5); // the header, two messages, one rejection, the summary
      assertThat(lines[1]).contains("mallory\\n  +0.001s  carol -> dave");
      assertThat(lines[2]).contains("bob\\r\\n").contains("[c\\u001b[2J\\n");
      assertThat(lines[3]).contains("REJECTED GET /nowhere\\n  +0.002s  forged 404");
    }
  }

  @Test
  void rightToLeftOverridesAndInvisibleCharactersAreWrittenAsEscapes() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      new BusHttp(server.url()).send("bob\u202egnp.exe", "al\u200bice", "x", "c-7");

      String message = Transcript.render(server.traffic()).split("\n")[1];

      assertThat(message).contains("bob\\u202egnp.exe -> al\\u200bice");
    }
  }

  @Test
  void aLongChannelNameIsCutSoThatTheColumnsAfterItStillLineUp() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      String longChannel = "a-channel-name-far-longer-than-any-column-".repeat(3);
      bus.send("alice", "bob", "one", "c-7");
      bus.send("alice", "bob", "two", longChannel);
      bus.send("carol", "bob", "three", null);

      String[] lines = Transcript.render(server.traffic()).split("\n");

      List<String> messages = List.of(lines[1], lines[2], lines[3]);
      assertThat(messages)
          .extracting(line -> line.indexOf('"'))
          .containsOnly(lines[1].indexOf('"'));
      assertThat(messages)
          .extracting(line -> line.indexOf("NOT DELIVERED"))
          .containsOnly(lines[1].indexOf("NOT DELIVERED"));
      assertThat(lines[2])
          .contains("[" + longChannel.substring(0, Transcript.MAX_CHANNEL_WIDTH - 3) + "…]")
          .doesNotContain(longChannel + "]");
      assertThat(lines[2].indexOf('"') - lines[2].indexOf('['))
          .isEqualTo(Transcript.MAX_CHANNEL_WIDTH + 2);
    }
  }

  @Test
  void aLongRouteIsCutSoThatTheColumnsAfterItStillLineUp() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      bus.send("alice", "bob", "short", "c");
      bus.send("a-sender-with-a-very-long-name-".repeat(3), "bob", "long", "c");

      String[] lines = Transcript.render(server.traffic()).split("\n");

      assertThat(lines[2].indexOf("[c]")).isEqualTo(lines[1].indexOf("[c]"));
      assertThat(lines[2]).contains("… -> bob  [c]");
    }
  }

  @Test
  void aLongRecipientIsCutButNeverHiddenByALongSender() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      String sender = "a-sender-with-a-very-long-name-".repeat(3);
      String recipient = "the-orchestrator-component-with-a-long-name";
      new BusHttp(server.url()).send(sender, recipient, "hello", "c");

      String line = Transcript.render(server.traffic()).split("\n")[1];

      assertThat(line).contains("… -> the-orchestrator-component").contains("…  [c]");
    }
  }

  @Test
  void aChannelOfFortyCharactersIsShownWhole() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      String channel = "c".repeat(40);
      new BusHttp(server.url()).send("alice", "bob", "hello", channel);

      assertThat(Transcript.render(server.traffic())).contains("[" + channel + "]");
    }
  }

  @Test
  void timesOfTenSecondsAndMoreLineUpWithShorterOnes() {
    BigDecimal start = new BigDecimal("1795617600.000000");
    TrafficReport report =
        TrafficAnalysis.analyze(
            "t",
            ChannellessRecv.ALL,
            TrafficSnapshot.of(
                List.of(
                    new MessageSent(1, start, "c", true, "alice", "bob", "early", 5, null),
                    new MessageSent(
                        2,
                        start.add(new BigDecimal("12.5")),
                        "c",
                        true,
                        "alice",
                        "bob",
                        "late",
                        4,
                        null)),
                0));

    String[] lines = Transcript.render(report).split("\n");

    assertThat(lines[1]).startsWith("   +0.000s  alice -> bob");
    assertThat(lines[2]).startsWith("  +12.500s  alice -> bob");
  }
}
