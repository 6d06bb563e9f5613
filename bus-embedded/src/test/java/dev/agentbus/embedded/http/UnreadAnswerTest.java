package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its answer and keeps its connection open loses the connection after
 * the idle timeout, and the bytes its answer held come back.
 */
class UnreadAnswerTest {

  private static final String PAGE = "/_bus/journal?from=1&max=10000";

  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private AgentBusServer server;
  private URI namespace;

  @BeforeEach
  void start() {
    server =
        AgentBusServer.builder()
            .idleTimeout(Duration.ofSeconds(1))
            .maxAdminBytesInFlight(6_000_000)
            .requestLog(log::add)
            .start();
    namespace = server.namespaceUrl("t");
    BusHttp bus = new BusHttp(namespace);
    for (int i = 0; i < 80; i++) {
      assertThat(bus.send("alice", "bob", "x".repeat(60_000), "c").status()).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAnswerItsClientStopsReadingIsGivenUpAfterTheIdleTimeout() throws Exception {
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4_096);
      stalled.setSoTimeout(10_000);
      stalled.connect(new InetSocketAddress(namespace.getHost(), namespace.getPort()));
      stalled
          .getOutputStream()
          .write(
              ("GET /ns/t" + PAGE + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = stalled.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 200");

      // The connection stays open on this side; the bus ends the exchange on its own.
      String line = awaitLogLine(PAGE + " 200");

      assertThat(line).as("request log line of the unread answer").isNotNull();
    }
    assertThat(new BusHttp(namespace).get(PAGE).status()).isEqualTo(200);
  }

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
