package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RequestLogLines;
import dev.agentbus.embedded.testing.StalledReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rendered admin answers count against a cap in bytes until their clients have read them: clients
 * that never read cannot pile answers up in the heap, and the bytes come back when an answer is
 * written or its connection ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one bus filled once for both tests
class AdminBytesInFlightTest {

  /** Enough bodies of 60,000 characters to fill a journal page to its 4 MiB cap. */
  private static final int MESSAGES = 80;

  private static final String PAGE = "/_bus/journal?from=1&max=10000";

  private final RequestLogLines log = new RequestLogLines();
  private AgentBusServer server;
  private URI namespace;
  private BusHttp bus;
  private int pageBytes;

  @BeforeAll
  void start() {
    server = AgentBusServer.builder().maxAdminBytesInFlight(6_000_000).requestLog(log).start();
    namespace = server.namespaceUrl("t");
    bus = new BusHttp(namespace);
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(bus.send("alice", "bob", "x".repeat(60_000), "c").status()).isEqualTo(200);
    }
    Reply whole = bus.get(PAGE);
    assertThat(whole.status()).isEqualTo(200);
    pageBytes = whole.text().getBytes(StandardCharsets.UTF_8).length;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void answersReadInFullGiveTheirBytesBack() {
    // The cap holds one page, not two: each read needs the one before it given back.
    assertThat(pageBytes).isBetween(3_000_001, 6_000_000);
    for (int i = 0; i < 3; i++) {
      assertThat(bus.get(PAGE).status()).as("read %d", i).isEqualTo(200);
    }
  }

  @Test
  void anAnswerNobodyReadsHoldsItsBytesUntilItsConnectionEnds() throws Exception {
    try (StalledReader stalled = new StalledReader(namespace, "/ns/t" + PAGE)) {
      assertThat(stalled.status()).isEqualTo("HTTP/1.1 200");

      // More than a megabyte of it waits in the bus (beyond what the sockets' buffers take)
      // while the stalled client reads nothing more.
      Reply refused = bus.get(PAGE);

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.error())
          .contains("too many admin answers that clients have not read yet")
          .contains("retry shortly");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      log.clear();
    }
    String line = log.await("/_bus/journal?from=1&max=10000 200", Duration.ofSeconds(10));
    assertThat(line).isNotNull();
    assertThat(bus.get(PAGE).status()).isEqualTo(200);
  }
}
