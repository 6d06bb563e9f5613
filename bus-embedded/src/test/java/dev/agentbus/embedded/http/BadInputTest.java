package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.Rejections;
import dev.agentbus.embedded.testing.RunningBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every malformed request gets a 4xx JSON error that names the problem, is journaled, and leaves
 * the bus serving.
 */
class BadInputTest {

  private static final int LIMIT = 65_536;

  @RegisterExtension
  final RunningBus bus =
      RunningBus.configured(builder -> builder.bodyReadTimeout(Duration.ofMillis(300)));

  static Stream<Arguments> badSends() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"from\": \"alice\", \"to\":", 400, "not valid JSON"),
        Arguments.of(
            "a key twice",
            "{\"from\":\"a\",\"to\":\"b\",\"to\":\"c\",\"msg\":\"x\"}",
            400,
            "Duplicate field 'to'"),
        Arguments.of("a JSON array as body", "[\"alice\", \"bob\"]", 400, "must be a JSON object"),
        Arguments.of("a JSON string as body", "\"hello\"", 400, "got a string"),
        Arguments.of("an empty body", "", 400, "body is empty"),
        Arguments.of(
            "msg a number",
            send("\"alice\"", "\"bob\"", "42"),
            400,
            "\"msg\" must be a string, got a number"),
        Arguments.of(
            "msg missing", "{\"from\":\"alice\",\"to\":\"bob\"}", 400, "\"msg\" is required"),
        Arguments.of(
            "to a list",
            send("\"alice\"", "[\"bob\"]", "\"x\""),
            400,
            "\"to\" must be a non-empty string, got a list"),
        Arguments.of("from missing", "{\"to\":\"bob\",\"msg\":\"x\"}", 400, "\"from\" is required"),
        Arguments.of(
            "from empty", send("\"\"", "\"bob\"", "\"x\""), 400, "\"from\" must not be empty"),
        Arguments.of("from null", send("null", "\"bob\"", "\"x\""), 400, "\"from\" is required"),
        Arguments.of(
            "channel a number",
            "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"x\",\"channel\":7}",
            400,
            "\"channel\" must be a string"),
        Arguments.of(
            "trailing content", send("\"a\"", "\"b\"", "\"x\"") + " {}", 400, "not valid JSON"),
        Arguments.of(
            "deeply nested JSON",
            "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"x\",\"deep\":"
                + "[".repeat(5_000)
                + "]".repeat(5_000)
                + "}",
            400,
            "not valid JSON"),
        Arguments.of(
            "from over 16,384 characters",
            send("\"" + "a".repeat(16_385) + "\"", "\"bob\"", "\"x\""),
            400,
            "field \"from\" is 16385 characters long; names may have at most 16384"),
        Arguments.of(
            "channel over 16,384 characters",
            "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"x\",\"channel\":\""
                + "c".repeat(16_385)
                + "\"}",
            400,
            "field \"channel\" is 16385 characters long"),
        Arguments.of(
            "a body over the limit",
            send("\"a\"", "\"b\"", "\"" + "x".repeat(LIMIT) + "\""),
            413,
            "larger than the 65536-byte limit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSends")
  void aBadSendIsRefusedWithAJsonErrorNamingTheProblem(
      String what, String body, int status, String sentence) {
    Reply reply = bus.http().postRaw("/send", body.getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).as(what).isEqualTo(status);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(reply.error()).as(what).contains(sentence);
    assertBusStillServes();
  }

  static Stream<Arguments> badPolls() {
    return Stream.of(
        Arguments.of("to missing", "/recv?since=0", "\"to\" is required"),
        Arguments.of("to empty", "/recv?to=", "\"to\" is required"),
        Arguments.of("since=abc", "/recv?to=bob&since=abc", "\"since\" must be a finite decimal"),
        Arguments.of("since=nan", "/recv?to=bob&since=nan", "\"since\" must be a finite decimal"),
        Arguments.of("since=inf", "/recv?to=bob&since=inf", "\"since\" must be a finite decimal"),
        Arguments.of(
            "since=-Infinity",
            "/recv?to=bob&since=-Infinity",
            "\"since\" must be a finite decimal"),
        Arguments.of("max=-1", "/recv?to=bob&max=-1", "\"max\" must be a positive integer"),
        Arguments.of("max=0", "/recv?to=bob&max=0", "\"max\" must be a positive integer"),
        Arguments.of("max=abc", "/recv?to=bob&max=abc", "\"max\" must be a positive integer"),
        Arguments.of("max=1.5", "/recv?to=bob&max=1.5", "\"max\" must be a positive integer"),
        Arguments.of("block=maybe", "/recv?to=bob&block=maybe", "\"block\" must be true or false"),
        Arguments.of(
            "since with a huge negative exponent",
            "/recv?to=bob&since=1e-60000000",
            "\"since\" must be a finite decimal number of seconds with at most 15 digits"),
        Arguments.of(
            "since with a huge positive exponent",
            "/recv?to=bob&since=1e10000",
            "\"since\" must be a finite decimal number of seconds with at most 15 digits"),
        Arguments.of(
            "since with 31 fractional digits",
            "/recv?to=bob&since=0." + "1".repeat(31),
            "at most 15 digits before the point and 30 after"),
        Arguments.of(
            "to repeated", "/recv?to=bob&to=carol", "\"to\" is given 2 times (bob, carol)"),
        Arguments.of(
            "channel repeated", "/recv?to=bob&channel=a&channel=b", "\"channel\" is given 2 times"),
        Arguments.of(
            "since repeated", "/recv?to=bob&since=1&since=2", "\"since\" is given 2 times"),
        Arguments.of(
            "to over 16,384 characters",
            "/recv?to=" + "b".repeat(16_385),
            "\"to\" is 16385 characters long; names may have at most 16384"),
        Arguments.of(
            "journal from repeated", "/_bus/journal?from=1&from=2", "\"from\" is given 2 times"),
        Arguments.of(
            "to escaped to bytes that are not UTF-8",
            "/recv?to=bob%E9",
            "query parameter value 'to=bob%E9' cannot be decoded: the decoded bytes are not UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPolls")
  void aBadPollIsRefusedWithA400NamingTheParameter(String what, String query, String sentence) {
    Reply reply = bus.http().get(query);

    assertThat(reply.status()).as(what).isEqualTo(400);
    assertThat(reply.error()).as(what).contains(sentence);
    assertBusStillServes();
  }

  @Test
  void aBlockingPollWithABodyIsRefusedSoItCannotOutliveItsClient() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write(
          "GET",
          "/recv?to=ghost&block=true",
          "Content-Length: 100\r\n",
          "only half".getBytes(StandardCharsets.US_ASCII));

      RawHttp.Response answer = raw.read();

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body()).contains("a blocking poll takes no body");
    }
    assertThat(bus.server().parkedPolls()).isZero();
    assertBusStillServes();
  }

  @Test
  void aRefusedHugeSinceLeavesTheJournalReadable() {
    bus.http().get("/recv?to=bob&since=1e10000");

    Reply page = bus.http().get("/_bus/journal");

    assertThat(page.status()).as(page.text()).isEqualTo(200);
    assertThat(page.json().get("entries")).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"since=abc", "block=maybe", "max=0"})
  void aRefusedPollIsJournaledWithItsRecipient(String badParameter) {
    bus.http().get("/recv?to=bob&" + badParameter);

    assertThat(bus.server().journal().entries())
        .filteredOn(RequestRejected.class::isInstance)
        .map(RequestRejected.class::cast)
        .singleElement()
        .satisfies(rejected -> assertThat(rejected.fields()).containsEntry("to", "bob"));
  }

  @Test
  void nonUtf8BytesAreA400NamingTheOffset() {
    byte[] body =
        "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    Reply reply = bus.http().postRaw("/send", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).contains("not valid UTF-8").contains("offset 31");
    assertBusStillServes();
  }

  @Test
  void aContentLengthLargerThanTheBodyIsA408AfterTheReadTimeoutAndTheConnectionCloses()
      throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write(
          "POST",
          "/send",
          "Content-Length: 500\r\n",
          "{\"from\":\"a\"".getBytes(StandardCharsets.UTF_8));

      RawHttp.Response response = raw.read();

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body()).contains("did not arrive within 300 ms");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertBusStillServes();
  }

  @Test
  void aDeclaredOversizeBodyIsRefusedFromItsHeaderWithoutReadingIt() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write("POST", "/send", "Content-Length: 10000000\r\n", new byte[0]);

      RawHttp.Response response = raw.read();

      assertThat(response.status()).isEqualTo(413);
      assertThat(raw.closedByServer()).isTrue();
    }
    assertBusStillServes();
  }

  @Test
  void aNamespacePutWithAContentLengthTooLargeForALongIsA413() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write(
          "PUT",
          "/ns/q/_bus/namespace",
          "Content-Length: 99999999999999999999999\r\n",
          "{}".getBytes(StandardCharsets.US_ASCII));

      RawHttp.Response response = raw.read();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("does not even fit in 64 bits");
    }
    assertThat(bus.server().namespace("q")).isEmpty();
    assertBusStillServes();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/send", "/healthz"})
  void aContentLengthTooLargeForALongIsA413AndJournaled(String path) throws Exception {
    String method = path.equals("/send") ? "POST" : "GET";
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write(method, path, "Content-Length: 99999999999999999999999\r\n", new byte[0]);

      RawHttp.Response response = raw.read();

      assertThat(response.status()).as(response.body()).isEqualTo(413);
      assertThat(response.body())
          .contains("larger than the 65536-byte limit")
          .contains("Content-Length 99999999999999999999999");
      assertThat(raw.closedByServer()).isTrue();
    }
    RequestRejected rejected = Rejections.first(bus.server().journal());
    assertThat(rejected.endpoint()).isEqualTo(path);
    assertThat(rejected.status()).isEqualTo(413);
    assertBusStillServes();
  }

  @Test
  void aChunkedBodyOverTheLimitIsA413() throws Exception {
    byte[] chunk = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      String size = Integer.toHexString(chunk.length);
      byte[] framed =
          (size + "\r\n" + new String(chunk, StandardCharsets.UTF_8) + "\r\n")
              .repeat(2)
              .concat("0\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      raw.write("POST", "/send", "Transfer-Encoding: chunked\r\n", framed);

      RawHttp.Response response = raw.read();

      assertThat(response.status()).as(response.body()).isEqualTo(413);
    }
    assertBusStillServes();
  }

  @Test
  void aChunkSizeThatIsNotHexIsJournaledAsARejection() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.write(
          "POST",
          "/send",
          "Transfer-Encoding: chunked\r\n",
          "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      // Undertow closes the connection itself on a bad chunk, before an answer can be written.
      assertThat(raw.closedByServer()).isTrue();
    }
    RequestRejected rejected = Rejections.first(bus.server().journal());
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.error()).startsWith("the chunked request body is malformed: ");
    assertBusStillServes();
  }

  static Stream<Arguments> unparsableRequests() {
    return Stream.of(
        Arguments.of("a bad percent-escape", "GET /recv?to=%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of(
            "two Content-Lengths",
            "POST /send HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        Arguments.of(
            "Content-Length with chunked",
            "POST /send HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n{}"),
        Arguments.of("a malformed request line", "GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
        Arguments.of(
            "a request head over 64 KiB",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(70_000) + "\r\n\r\n"));
  }

  /**
   * Undertow refuses these while parsing, before the bus sees them; docs/protocol.md lists them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unparsableRequests")
  void aRequestUndertowCannotParseGetsA400AndTheBusKeepsServing(String what, String request)
      throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      raw.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));

      RawHttp.Response response = raw.read();

      assertThat(response.status()).as(what).isEqualTo(400);
      assertThat(raw.closedByServer()).as(what).isTrue();
    }
    assertBusStillServes();
  }

  @Test
  void everyRejectionIsJournaledWithItsStatusAndSentence() throws Exception {
    bus.http()
        .postRaw("/send", send("\"alice\"", "[\"bob\"]", "\"x\"").getBytes(StandardCharsets.UTF_8));

    RequestRejected rejected = Rejections.first(bus.server().journal());
    assertThat(rejected.endpoint()).isEqualTo("/send");
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.error()).contains("\"to\" must be a non-empty string");
    assertThat(rejected.fields()).containsEntry("from", "alice");
  }

  private void assertBusStillServes() {
    assertThat(bus.http().send("alice", "bob", "still here", null).status()).isEqualTo(200);
    assertThat(bus.http().get(recvQuery("bob", null, null, null, null)).json().get("messages"))
        .isNotEmpty();
  }

  private static String send(String from, String to, String msg) {
    return "{\"from\":" + from + ",\"to\":" + to + ",\"msg\":" + msg + "}";
  }
}
