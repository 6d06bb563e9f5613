package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admin work on one namespace never holds up the protocol traffic of another. */
class AdminIsolationTest {

  private static final int MESSAGES = 1_500;
  private static final int TRANSCRIPTS = 30;

  @Test
  void anotherNamespacesSendsAreAnsweredWhileTranscriptsAreStillBeingRendered() throws Exception {
    // One I/O thread: if rendering ran on it, the sends below would queue behind every transcript.
    try (AgentBusServer server = AgentBusServer.builder().ioThreads(1).start()) {
      BusNamespace big = server.createNamespace("big", NamespaceOptions.defaults());
      BusHttp bigAgents = new BusHttp(big.url());
      String body = "x".repeat(200);
      for (int i = 0; i < MESSAGES; i++) {
        bigAgents.send("alice", "bob-" + (i % 50), body + i, "c-" + (i % 7));
      }
      BusHttp other = new BusHttp(server.namespaceUrl("other"));

      List<CompletableFuture<Reply>> transcripts = new ArrayList<>();
      for (int i = 0; i < TRANSCRIPTS; i++) {
        transcripts.add(bigAgents.getAsync("/_bus/transcript"));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(other.send("carol", "dave", "still flowing " + i, "c").status()).isEqualTo(200);
      }

      assertThat(transcripts).anyMatch(transcript -> !transcript.isDone());
      for (CompletableFuture<Reply> transcript : transcripts) {
        assertThat(transcript.get(120, TimeUnit.SECONDS).text()).contains("alice -> bob-1");
      }
    }
  }
}
