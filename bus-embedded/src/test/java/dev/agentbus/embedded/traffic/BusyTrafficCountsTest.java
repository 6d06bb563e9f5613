package dev.agentbus.embedded.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RunningBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A busy test's transcript says how many messages it sent in all and how many the journal can still
 * show, and counts delivered and lost exactly even where the entries are gone.
 */
class BusyTrafficCountsTest {

  private static final int SENDS = 1_000;
  private static final int JOURNAL_LIMIT = 50;

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();
  private BusNamespace namespace;
  private BusHttp agent;

  @BeforeEach
  void createNamespace() {
    namespace =
        bus.server()
            .createNamespace(
                "busy", NamespaceOptions.builder().journalLimit(JOURNAL_LIMIT).build());
    agent = new BusHttp(namespace.url());
  }

  @Test
  void aTranscriptOfMoreMessagesThanTheJournalHoldsSaysHowManyWereSentAndHowManyItShows() {
    for (int i = 0; i < SENDS; i++) {
      agent.send("alice", "bob", "m" + i, "c");
    }
    agent.get("/recv?to=bob&channel=c&since=0&max=" + SENDS);

    String transcript = namespace.transcript();

    int shown = JOURNAL_LIMIT - 1; // the poll takes one entry
    assertThat(transcript)
        .contains(SENDS + " messages sent in all, the newest " + shown + " of them shown")
        .contains(SENDS + " messages (" + shown + " shown): " + SENDS + " delivered");
  }

  @Test
  void messagesWhoseEntriesWereDroppedUnreadAreCountedNotForgotten() {
    for (int i = 0; i < SENDS; i++) {
      agent.send("alice", "bob", "m" + i, "c");
    }

    TrafficReport report = namespace.traffic();

    assertThat(report.sentTotal()).isEqualTo(SENDS);
    assertThat(report.messages()).hasSize(JOURNAL_LIMIT);
    assertThat(report.undeliveredOutOfJournal()).isEqualTo(SENDS - JOURNAL_LIMIT);
    assertThat(namespace.transcript())
        .contains(
            "0 delivered, 0 not yet, 50 lost (never polled 50), 950 undelivered whose journal"
                + " entries were dropped");
  }

  @Test
  void aTranscriptCutAtMaxMessagesOverHttpStillCountsEveryMessage() {
    for (int i = 0; i < 30; i++) {
      agent.send("alice", "bob", "m" + i, "c");
    }

    String transcript = agent.get("/_bus/transcript?max=10").text();

    assertThat(transcript)
        .contains("(20 earlier messages left out; read them from /_bus/journal)")
        .contains("30 messages: 0 delivered, 0 not yet, 30 lost (never polled 30)");
    assertThat(transcript.lines().filter(line -> line.contains("alice -> bob"))).hasSize(10);
  }
}
