package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Refused requests are counted exactly, by status, and journaled only into room that accepted
 * traffic does not need: a flood of them never erases an accepted send's record.
 */
class RefusalFloodTest {

  private static final int ACCEPTED = 100;
  private static final int REFUSED = 1_500;

  /** Polls without a token, {@link #REFUSED} times, a few dozen at once. */
  private static void refuse(BusHttp stranger) {
    for (int sent = 0; sent < REFUSED; sent += 50) {
      List<CompletableFuture<BusHttp.Reply>> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(stranger.getAsync("/recv?to=bob"));
      }
      batch.forEach(reply -> assertThat(reply.join().status()).isEqualTo(401));
    }
  }

  @Test
  void aFloodOf401sNeverDropsAnAuthenticatedSendFromTheJournal() {
    try (AgentBusServer server =
        AgentBusServer.builder().token("s3cret").memoryBudget(1 << 20).start()) {
      BusHttp member = new BusHttp(server.url()).withHeader("Authorization", "Bearer s3cret");
      BusHttp stranger = new BusHttp(server.url());
      for (int i = 0; i < ACCEPTED; i++) {
        assertThat(member.send("alice", "bob", "m" + i, "c").status()).isEqualTo(200);
      }

      refuse(stranger);

      assertThat(server.journal().entries())
          .filteredOn(MessageSent.class::isInstance)
          .hasSize(ACCEPTED);
    }
  }

  @Test
  void everyRefusalIsCountedByStatusInTheTranscriptThoughNotAllAreJournaled() {
    try (AgentBusServer server =
        AgentBusServer.builder().token("s3cret").memoryBudget(1 << 20).start()) {
      BusHttp member = new BusHttp(server.url()).withHeader("Authorization", "Bearer s3cret");
      BusHttp stranger = new BusHttp(server.url());
      for (int i = 0; i < ACCEPTED; i++) {
        member.send("alice", "bob", "m" + i, "c");
      }
      refuse(stranger);

      String transcript = server.root().transcript();

      assertThat(transcript)
          .contains(ACCEPTED + " messages: 0 delivered, 0 not yet, 100 lost")
          .contains(REFUSED + " requests rejected (401: " + REFUSED + ";");
    }
  }

  @Test
  void aFloodOfMalformedSendsPastTheJournalLimitKeepsTheAcceptedSends() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      var namespace =
          server.createNamespace("t-1", NamespaceOptions.builder().journalLimit(200).build());
      BusHttp agent = new BusHttp(namespace.url());
      for (int i = 0; i < ACCEPTED; i++) {
        agent.send("alice", "bob", "m" + i, "c");
      }

      byte[] malformed =
          "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":7}".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 500; i++) {
        assertThat(agent.postRaw("/send", malformed).status()).isEqualTo(400);
      }

      assertThat(namespace.journal().entries())
          .filteredOn(MessageSent.class::isInstance)
          .hasSize(ACCEPTED);
      assertThat(namespace.journal().dropped()).isZero();
    }
  }
}
