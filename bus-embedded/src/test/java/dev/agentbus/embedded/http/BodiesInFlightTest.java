package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.RunningBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bytes of bodies being read are capped over all connections together: clients that stall
 * mid-body cannot exhaust the heap, and every way a read ends gives its bytes back.
 */
class BodiesInFlightTest {

  /** Room for one body near the 64 KiB limit, not for two. */
  private static final long CAP = 100_000;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  final RunningBus bus =
      RunningBus.configured(
          builder -> builder.maxBodyBytesInFlight(CAP).bodyReadTimeout(Duration.ofSeconds(1)));

  @Test
  void ofTwoDeclaredBodiesThatCannotBothFitExactlyOneIsA503() throws Exception {
    byte[] almost = new byte[65_535];
    Arrays.fill(almost, (byte) ' ');
    try (RawHttp first = new RawHttp(bus.server().url(), WAIT);
        RawHttp second = new RawHttp(bus.server().url(), WAIT)) {
      first.write("POST", "/send", "Content-Length: 65536\r\n", almost);
      second.write("POST", "/send", "Content-Length: 65536\r\n", almost);

      // Whichever reserved its declared length second is refused; its body is still read and
      // thrown away. Both wait for their missing byte until the deadline and are closed then.
      RawHttp.Response one = first.read();
      RawHttp.Response other = second.read();

      assertThat(List.of(one.status(), other.status())).containsExactlyInAnyOrder(503, 408);
      RawHttp.Response refused = one.status() == 503 ? one : other;
      assertThat(refused.body()).contains("reading too many request bodies at once");
      assertThat(refused.head()).containsIgnoringCase("Retry-After: 1");
      assertThat(first.closedByServer()).isTrue();
      assertThat(second.closedByServer()).isTrue();
    }
    assertThat(bus.server().journal().entries())
        .filteredOn(RequestRejected.class::isInstance)
        .map(entry -> ((RequestRejected) entry).status())
        .contains(503, 408);
    assertFullBodiesStillFlow();
  }

  @Test
  void aClientRefusedBeforeItsBodyWasReadKeepsItsConnection() throws Exception {
    try (RawHttp holder = new RawHttp(bus.server().url(), WAIT);
        RawHttp refused = new RawHttp(bus.server().url(), WAIT)) {
      holder.write(
          "POST", "/send", "Content-Length: 65536\r\nExpect: 100-continue\r\n", new byte[0]);
      // The bus asks for the body once it has reserved the body's bytes.
      assertThat(holder.read().status()).isEqualTo(100);

      RawHttp.Response response =
          refused.post(
              "/send", "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"" + "y".repeat(60_000) + "\"}");

      assertThat(response.status()).isEqualTo(503);
      // The bus read the refused body to its end before it answered: a client still writing
      // reads the 503 instead of a reset, and may go on using its connection.
      assertThat(refused.exchange("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void aClientWaitingForA100IsRefusedAtOnceAndLetGo() throws Exception {
    String head = "Content-Length: 65536\r\nExpect: 100-continue\r\n";
    try (RawHttp holder = new RawHttp(bus.server().url(), WAIT);
        RawHttp waiting = new RawHttp(bus.server().url(), WAIT)) {
      holder.write("POST", "/send", head, new byte[0]);
      assertThat(holder.read().status()).isEqualTo(100);

      waiting.write("POST", "/send", head, new byte[0]);

      assertThat(waiting.read().status()).isEqualTo(503);
      assertThat(waiting.closedByServer()).isTrue();
    }
  }

  @Test
  void infoShowsTheBytesHeldAgainstTheCap() throws Exception {
    try (RawHttp holder = new RawHttp(bus.server().url(), WAIT)) {
      holder.write(
          "POST", "/send", "Content-Length: 65536\r\nExpect: 100-continue\r\n", new byte[0]);
      assertThat(holder.read().status()).isEqualTo(100);

      JsonNode held = bus.http().get("/_bus/info").json().at("/limits/bodyBytesInFlight");

      assertThat(held.get("held").asLong()).isEqualTo(65_536);
      assertThat(held.get("cap").asLong()).isEqualTo(CAP);
    }
  }

  @Test
  void completedRefusedAndOversizedBodiesGiveTheirBytesBack() throws Exception {
    assertFullBodiesStillFlow();
    assertThat(bus.http().postRaw("/send", "{\"from\":".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
    byte[] chunk = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      String framed =
          (Integer.toHexString(chunk.length)
                  + "\r\n"
                  + new String(chunk, StandardCharsets.UTF_8)
                  + "\r\n")
              .repeat(2);
      raw.write(
          "POST",
          "/send",
          "Transfer-Encoding: chunked\r\n",
          (framed + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      assertThat(raw.read().status()).isEqualTo(413);
    }
    assertFullBodiesStillFlow();
  }

  @Test
  void aClientThatLeavesMidBodyGivesItsBytesBack() throws Exception {
    byte[] almost = new byte[65_535];
    Arrays.fill(almost, (byte) ' ');
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write("POST", "/send", "Content-Length: 65536\r\n", almost);
    }
    // The bus notices the closed connection as a failed read and journals it.
    bus.server()
        .journal()
        .awaitEntry(1, RequestRejected.class, entry -> entry.status() == 400, WAIT)
        .orElseThrow();
    assertFullBodiesStillFlow();
  }

  /** Sends bodies that each take most of the cap, one after another: each needs the last freed. */
  private void assertFullBodiesStillFlow() {
    for (int i = 0; i < 3; i++) {
      assertThat(bus.http().send("alice", "bob", "y".repeat(60_000), null).status())
          .as("send %d", i)
          .isEqualTo(200);
    }
  }
}
