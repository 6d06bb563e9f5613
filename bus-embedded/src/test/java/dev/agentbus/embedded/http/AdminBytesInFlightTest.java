package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private AgentBusServer server;
  private URI namespace;
  private BusHttp bus;
  private int pageBytes;

  @BeforeAll
  void start() {
    server = AgentBusServer.builder().maxAdminBytesInFlight(6_000_000).requestLog(log::add).start();
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
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4_096);
      stalled.setSoTimeout(10_000);
      stalled.connect(new InetSocketAddress(namespace.getHost(), namespace.getPort()));
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET /ns/t" + PAGE + " HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = stalled.getInputStream();
      byte[] head = in.readNBytes(12);
      assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");

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
    String line = awaitLogLine("/_bus/journal?from=1&max=10000 200");
    assertThat(line).isNotNull();
    assertThat(bus.get(PAGE).status()).isEqualTo(200);
  }

  /** Waits for the request log line of an exchange that ended; null after 10 s. */
  private String awaitLogLine(String part) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      String line = log.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.contains(part)) {
        return line;
      }
    }
  }
}
