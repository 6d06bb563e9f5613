package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.RequestLogLines;
import dev.agentbus.embedded.testing.RunningBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A malformed chunked body is reported for what it is: the journal names the problem, the request
 * log shows the status the journal recorded, and the client is not left waiting for a timeout that
 * blames its Content-Length.
 */
class ChunkedBodyErrorsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RequestLogLines log = new RequestLogLines();

  @RegisterExtension
  final RunningBus bus =
      RunningBus.configured(
          builder -> builder.bodyReadTimeout(Duration.ofSeconds(1)).requestLog(log));

  @Test
  void aChunkSizeThatIsNotHexIsJournaledAsMalformedAndLoggedWithThatStatus() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write("POST", "/send", "Transfer-Encoding: chunked\r\n", ascii("zz\r\n{}\r\n0\r\n\r\n"));

      answerOrClose(raw);
    }
    RequestRejected rejected = awaitRejection();
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.error()).startsWith("the chunked request body is malformed: ");
    assertThat(log.await("POST /send", WAIT)).contains("POST /send 400 ");
    assertBusStillServes();
  }

  @Test
  void aBodyThatNeverEndsAfterABadChunkSizeTimesOutWithoutBlamingContentLength() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      // Undertow reads a chunk size that is not hex as 0, the last chunk, and then waits for the
      // blank line that ends the body.
      raw.write("POST", "/send", "Transfer-Encoding: chunked\r\n", ascii("2\r\n{}\r\nzz\r\n"));

      String answer = answerOrClose(raw);

      assertThat(answer)
          .startsWith("408 ")
          .contains("the chunked request body did not end within 1000 ms")
          .doesNotContain("Content-Length");
    }
    assertThat(log.await("POST /send", WAIT)).contains("POST /send 408 ");
    assertBusStillServes();
  }

  @Test
  void aClientThatLeavesMidChunkedBodyIsJournaledWithTheExceptionNamed() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write("POST", "/send", "Transfer-Encoding: chunked\r\n", ascii("2\r\n{}\r\n"));
    }
    RequestRejected rejected = awaitRejection();
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.error())
        .startsWith("the connection closed before the chunked request body ended (")
        .doesNotContain("null");
    assertThat(log.await("POST /send", WAIT)).contains("POST /send 400 ");
    assertBusStillServes();
  }

  @Test
  void aClientThatLeavesMidBodyOfAKnownLengthIsJournaled() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), WAIT)) {
      raw.write("POST", "/send", "Content-Length: 100\r\n", ascii("{\"from\":"));
    }
    RequestRejected rejected = awaitRejection();
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.error())
        .startsWith("the connection closed after 8 of the 100 bytes of the request body its")
        .contains("Content-Length declared");
    assertBusStillServes();
  }

  /** The answer's status and body, or "closed" when the bus closed the connection instead. */
  private static String answerOrClose(RawHttp raw) throws IOException {
    try {
      RawHttp.Response response = raw.read();
      return response.status() + " " + response.body();
    } catch (IOException closed) {
      if (closed.getMessage() != null && closed.getMessage().startsWith("connection closed")) {
        return "closed";
      }
      throw closed;
    }
  }

  private RequestRejected awaitRejection() throws InterruptedException {
    return bus.server()
        .journal()
        .awaitEntry(1, RequestRejected.class, entry -> true, WAIT)
        .orElseThrow();
  }

  private void assertBusStillServes() {
    assertThat(bus.http().send("alice", "bob", "still here", null).status()).isEqualTo(200);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
