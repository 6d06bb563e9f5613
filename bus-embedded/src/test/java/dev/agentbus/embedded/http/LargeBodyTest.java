package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.RunningBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies near and over the limit: {@code Expect: 100-continue} is answered, and a client that sends
 * an oversized body reads the 413 instead of a reset connection.
 */
class LargeBodyTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SEND =
      "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"" + "x".repeat(2_000) + "\"}";

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void aBodyLimitAboveTwoMebibytesIsHonouredDeclaredAndChunked() throws Exception {
    try (AgentBusServer large = AgentBusServer.builder().maxBodyBytes(5_000_000).start()) {
      BusHttp agent = new BusHttp(large.url());
      String body = "x".repeat(3_000_000);

      assertThat(agent.send("alice", "bob", body, "c").status()).isEqualTo(200);
      try (RawHttp raw = new RawHttp(large.url(), WAIT)) {
        String json = "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"" + body + "\"}";
        String framed = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
        raw.write(
            "POST",
            "/send",
            "Transfer-Encoding: chunked\r\n",
            framed.getBytes(StandardCharsets.US_ASCII));
        assertThat(raw.read().status()).isEqualTo(200);
      }
      try (RawHttp raw = new RawHttp(large.url(), WAIT)) {
        raw.write(
            "POST", "/send", "Content-Length: 5000001\r\nExpect: 100-continue\r\n", new byte[0]);
        assertThat(raw.read().status()).isEqualTo(413);
      }
    }
  }

  @Test
  void expectContinueIsAnsweredWith100BeforeTheBodyIsSent() throws Exception {
    byte[] body = SEND.getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write(
          "POST",
          "/send",
          "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n",
          new byte[0]);

      assertThat(raw.read().status()).isEqualTo(100);
      raw.writeBytes(body);
      assertThat(raw.read().status()).isEqualTo(200);
    }
  }

  @Test
  void expectContinueWithAnOversizedBodyIsA413AtOnce() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write(
          "POST", "/send", "Content-Length: 10000000\r\nExpect: 100-continue\r\n", new byte[0]);

      RawHttp.Response response = raw.read();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("larger than the 65536-byte limit");
    }
  }

  @Test
  void aClientThatSendsAWholeMegabyteBodyReadsThe413() throws Exception {
    byte[] body =
        ("{\"from\":\"a\",\"to\":\"b\",\"msg\":\"" + "x".repeat(1_000_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 5; attempt++) {
      try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
        raw.write("POST", "/send", "Content-Length: " + body.length + "\r\n", body);

        RawHttp.Response response = raw.read();

        assertThat(response.status()).as("attempt %d", attempt).isEqualTo(413);
      }
    }
    assertThat(bus.http().get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyOverTheLimitIsReadToItsEndAndTheConnectionKept() throws Exception {
    String chunk = "x".repeat(50_000);
    String framed =
        (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(4) + "0\r\n\r\n";
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write(
          "POST",
          "/send",
          "Transfer-Encoding: chunked\r\n",
          framed.getBytes(StandardCharsets.US_ASCII));

      assertThat(raw.read().status()).isEqualTo(413);
      assertThat(raw.exchange("/healthz").status()).isEqualTo(200);
    }
  }
}
