package dev.agentbus.client.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.BusUnreachableException;
import dev.agentbus.client.protocol.BusMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /recv} through {@link AgentBusClient#pollNow()} against answers a real bus never
 * gives. A poll that fails leaves the cursor, in memory and in its file, where it was: the next
 * poll asks again for everything not yet delivered.
 */
class PollOverTheWireTest {

  /** What the cursor file holds before each test, and so where polls start. */
  private static final String STORED = "100.5";

  private static final String ONE_MESSAGE =
      "{\"messages\": [{\"ts\": 101.5, \"from\": \"bob\", \"msg\": \"hi\", \"channel\": \"c\"}],"
          + " \"now\": 101.6}";

  @RegisterExtension final StubBus bus = new StubBus();

  @TempDir Path state;

  @BeforeEach
  void storeACursor() throws IOException {
    Files.writeString(cursorFile(), STORED, StandardCharsets.UTF_8);
  }

  private Path cursorFile() {
    return state.resolve("cursor_alice_c.txt");
  }

  private String storedCursor() throws IOException {
    return Files.readString(cursorFile(), StandardCharsets.UTF_8);
  }

  private AgentBusClient alice() {
    return bus.alice().stateDirectory(state).build();
  }

  private void recvAnswers(ResponseDefinitionBuilder answer) {
    bus.stubFor(get(urlPathEqualTo("/recv")).willReturn(answer));
  }

  /** Asserts that the failed poll left the cursor, and its file, as they were. */
  private void assertCursorStayed(AgentBusClient alice) throws IOException {
    assertThat(alice.cursor()).isEqualByComparingTo(STORED);
    assertThat(storedCursor()).isEqualTo(STORED);
  }

  @Test
  void aPollAnsweredSlowlyButWithinTheTimeoutDeliversAndMovesTheCursor() throws IOException {
    recvAnswers(okJson(ONE_MESSAGE).withFixedDelay(300));
    try (AgentBusClient alice = alice()) {
      List<BusMessage> messages = alice.pollNow();

      assertThat(messages).extracting(BusMessage::msg).containsExactly("hi");
      assertThat(alice.cursor()).isEqualByComparingTo("101.6");
      assertThat(storedCursor()).isEqualTo("101.6");
    }
  }

  @Test
  void aPollAnsweredAfterTheTimeoutFailsNamingTheTimeoutAndLeavesTheCursor() throws IOException {
    recvAnswers(okJson(ONE_MESSAGE).withFixedDelay(1_000));
    try (AgentBusClient alice =
        bus.alice().stateDirectory(state).requestTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("no answer within the client's request timeout of 300 ms")
          .hasMessageContaining("keep it above the bus's long-poll timeout")
          .hasMessageNotContaining("may or may not have accepted");
      assertCursorStayed(alice);
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aPollWhoseConnectionIsResetFailsAndLeavesTheCursor() throws IOException {
    recvAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageStartingWith("GET /recv to " + bus.url() + " failed")
          .hasMessageContaining("the connection broke before a complete answer came")
          .hasMessageContaining("retry, and if it keeps happening check the bus");
      assertCursorStayed(alice);
      // The JDK's HTTP client itself repeats a GET, once, whose connection gave no answer at all.
      assertThat(bus.served.all()).hasSizeBetween(1, 2);
    }
  }

  @Test
  void aPollAnsweredWithNoBytesAtAllFailsAndLeavesTheCursor() throws IOException {
    recvAnswers(aResponse().withFault(Fault.EMPTY_RESPONSE));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow).isInstanceOf(BusUnreachableException.class);
      assertCursorStayed(alice);
      assertThat(bus.served.all()).hasSizeBetween(1, 2);
    }
  }

  @Test
  void aPollWhoseChunkedAnswerBreaksOffFailsAndLeavesTheCursor() throws IOException {
    recvAnswers(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("the connection broke before a complete answer came");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswered200WithAnEmptyBodySaysSoAndLeavesTheCursor() throws IOException {
    recvAnswers(aResponse().withStatus(200));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageStartingWith("GET /recv answered 200 with an empty body");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswered200WithATruncatedBodyDeliversNothingAndLeavesTheCursor() throws IOException {
    recvAnswers(okJson(ONE_MESSAGE.substring(0, ONE_MESSAGE.indexOf("\"now\""))));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it ends in the middle of a JSON document (cut short?)");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswered200WithMalformedJsonDeliversNothingAndLeavesTheCursor() throws IOException {
    recvAnswers(okJson("{messages: [], now: 999}"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it is not well-formed JSON")
          .hasMessageContaining("{messages: [], now: 999}");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswered200WithAnHtmlPageNamesItsContentTypeAndLeavesTheCursor() throws IOException {
    recvAnswers(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody("<!doctype html><title>Sign in</title>"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("answered 200 with a body (Content-Type text/html; charset=utf-8)")
          .hasMessageContaining("<!doctype html><title>Sign in</title>");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswered200WithAJsonArrayDeliversNothingAndLeavesTheCursor() throws IOException {
    recvAnswers(okJson("[" + ONE_MESSAGE + "]"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it is a JSON array, not a JSON object");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollAnswerWithoutAMessagesArrayDoesNotMoveTheCursorToItsNow() throws IOException {
    recvAnswers(okJson("{\"messages\": {\"ts\": 101.5}, \"now\": 999}"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it has no \"messages\" array (\"messages\" is {\"ts\":101.5})");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aMessageWithoutATimestampFailsThePollAndLeavesTheCursor() throws IOException {
    recvAnswers(
        okJson(
            "{\"messages\": [{\"ts\": 101.5, \"from\": \"bob\", \"msg\": \"hi\"},"
                + " {\"from\": \"bob\", \"msg\": \"when?\"}], \"now\": 101.6}"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("message 2 of 2 has no numeric \"ts\"")
          .hasMessageContaining("{\"from\":\"bob\",\"msg\":\"when?\"}");
      assertCursorStayed(alice);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"ts\": 101.2, \"from\": \"bob\"}",
        "{\"ts\": 101.2, \"from\": \"bob\", \"msg\": 42}",
        "{\"ts\": 101.2, \"msg\": \"who?\"}",
        "{\"ts\": 101.2, \"from\": \"bob\", \"msg\": \"x\", \"channel\": [\"c\"]}"
      })
  void aMessageMissingAFieldIsSkippedWithAWarningAndTheOthersAreDelivered(String unreadable)
      throws IOException {
    recvAnswers(
        okJson(
            "{\"messages\": [{\"ts\": 101.1, \"from\": \"bob\", \"msg\": \"one\"}, "
                + unreadable
                + ", {\"ts\": 101.3, \"from\": \"bob\", \"msg\": \"three\"}], \"now\": 101.4}"));
    try (AgentBusClient alice = alice()) {
      List<BusMessage> messages = alice.pollNow();

      assertThat(messages).extracting(BusMessage::msg).containsExactly("one", "three");
      assertThat(bus.warnings)
          .singleElement()
          .asString()
          .contains("the bus sent a message this client cannot read")
          .contains("at ts 101.2")
          .contains("it was skipped and is not delivered: ask its sender to send it again");
      assertThat(alice.cursor()).isEqualByComparingTo("101.4");
      assertThat(storedCursor()).isEqualTo("101.4");
    }
  }

  @Test
  void aFullAnswerWithASkippedMessageResumesAfterItsNewestMessageNotItsNow() throws IOException {
    StringJoiner messages = new StringJoiner(", ", "{\"messages\": [", "], \"now\": 999}");
    for (int i = 1; i <= AgentBusClient.POLL_MAX; i++) {
      messages.add(
          i == 50
              ? "{\"ts\": 101." + (100 + i) + ", \"from\": \"bob\"}"
              : "{\"ts\": 101." + (100 + i) + ", \"from\": \"bob\", \"msg\": \"m" + i + "\"}");
    }
    recvAnswers(okJson(messages.toString()));
    try (AgentBusClient alice = alice()) {
      assertThat(alice.pollNow()).hasSize(AgentBusClient.POLL_MAX - 1);
      // cut at max: the reference server's now may lie past messages it did not return yet
      assertThat(alice.cursor()).isEqualByComparingTo("101.200");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void aPollAskedToRetryLaterCarriesTheRetryAfterAndLeavesTheCursor(int status) throws IOException {
    recvAnswers(aResponse().withStatus(status).withHeader("Retry-After", "1"));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOfSatisfying(
              BusRejectedException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)))
          .hasMessageContaining("the answer asks to wait 1 s (Retry-After) before retrying");
      assertCursorStayed(alice);
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aPollRefused403WithAnHtmlPageNamesTheFirewallAndLeavesTheCursor() throws IOException {
    recvAnswers(
        aResponse()
            .withStatus(403)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body><h1>Access denied</h1></body></html>"));
    try (AgentBusClient alice = bus.alice().stateDirectory(state).userAgent("Java-http").build()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusRejectedException.class)
          .hasMessageStartingWith("GET /recv: 403 <html><body><h1>Access denied</h1></body></html>")
          .hasMessageContaining("this client sends 'Java-http'");
      assertCursorStayed(alice);
    }
  }

  @Test
  void aPollThatSucceedsAfterAFailureAsksFromTheSameCursor() throws IOException {
    bus.recvAnswersInTurn(okJson("{\"messages\": [], \"now\": 1"), okJson(ONE_MESSAGE));
    try (AgentBusClient alice = alice()) {
      assertThatThrownBy(alice::pollNow).isInstanceOf(BusUnreachableException.class);
      assertThat(alice.pollNow())
          .extracting(BusMessage::ts)
          .containsExactly(new BigDecimal("101.5"));

      assertThat(bus.served.all())
          .extracting(r -> r.queryParameter("since").firstValue())
          .containsExactly(STORED, STORED);
      assertThat(storedCursor()).isEqualTo("101.6");
    }
  }
}
