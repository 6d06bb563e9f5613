package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journal and traffic pages stay within their stated cap in bytes of JSON even when every body is
 * made of control characters, each written as a six-byte escape, and readers still reach the end.
 */
class PageBytesTest {

  private static final int MESSAGES = 450;
  private static final String BODY = "\u0001".repeat(10_000);

  private static AgentBusServer server;
  private static BusHttp bus;

  @BeforeAll
  static void start() {
    server = AgentBusServer.builder().start();
    URI namespace = server.namespaceUrl("x");
    bus = new BusHttp(namespace);
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(bus.send("alice", "bob", BODY, "c").status()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aJournalPageOfEscapedBodiesStaysWithinItsCapAndReadersReachTheEnd() {
    long from = 1;
    int sent = 0;
    for (int pages = 0; pages < MESSAGES && sent < MESSAGES; pages++) {
      Reply page = bus.get("/_bus/journal?from=" + from + "&max=10000");

      assertThat(page.status()).isEqualTo(200);
      assertThat(bytes(page)).isLessThanOrEqualTo(JournalView.MAX_PAGE_BYTES);
      JsonNode entries = page.json().get("entries");
      assertThat(entries).isNotEmpty();
      sent += entries.size();
      from = page.json().get("nextSeq").asLong();
    }
    assertThat(sent).isEqualTo(MESSAGES);
  }

  @Test
  void aTrafficPageOfEscapedBodiesStaysWithinItsCapAndReadersReachTheEnd() {
    int seen = 0;
    JsonNode next = null;
    for (int pages = 0; pages < MESSAGES && seen < MESSAGES; pages++) {
      Reply page = bus.get("/_bus/traffic?max=5000&from=" + seen);

      assertThat(page.status()).isEqualTo(200);
      assertThat(bytes(page)).isLessThanOrEqualTo(JournalView.MAX_PAGE_BYTES);
      assertThat(page.json().get("messages")).isNotEmpty();
      seen += page.json().get("messages").size();
      next = page.json().get("next");
    }
    assertThat(seen).isEqualTo(MESSAGES);
    assertThat(next.isNull()).isTrue();
  }

  private static int bytes(Reply reply) {
    return reply.text().getBytes(StandardCharsets.UTF_8).length;
  }
}
