package dev.agentbus.client.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.BusUnreachableException;
import dev.agentbus.client.protocol.SendAck;
import java.math.BigDecimal;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /send} against answers a real bus never gives. A send is never retried, by the client
 * or by the JDK under it: a repeated send is a repeated message. Every failure says what happened
 * and what to do.
 */
class SendOverTheWireTest {

  private static final String ACK = "{\"ok\": true, \"ts\": 101.5, \"channel\": \"c\"}";

  private static final int BODY_LARGER_THAN_ANY_ANSWER = (16 << 20) + 1;

  @RegisterExtension final StubBus bus = new StubBus();

  private void sendAnswers(ResponseDefinitionBuilder answer) {
    bus.stubFor(post("/send").willReturn(answer));
  }

  @Test
  void aSendAnsweredSlowlyButWithinTheTimeoutSucceeds() {
    sendAnswers(okJson(ACK).withFixedDelay(300));
    try (AgentBusClient alice = bus.alice().requestTimeout(Duration.ofSeconds(3)).build()) {
      SendAck ack = alice.send("bob", "hi");

      assertThat(ack.ts()).isEqualByComparingTo(new BigDecimal("101.5"));
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendAnsweredAfterTheTimeoutFailsOnceNamingTheTimeoutAndThePossibleDuplicate() {
    sendAnswers(okJson(ACK).withFixedDelay(1_000));
    try (AgentBusClient alice = bus.alice().requestTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasCauseInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("no answer within the client's request timeout of 300 ms")
          .hasMessageContaining("may or may not have accepted the message")
          .hasMessageContaining("raise Builder.requestTimeout");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendWhoseAnswerBodyDribblesPastTheTimeoutFailsNamingTheTimeout() {
    // The headers come at once; the body's bytes take three seconds in all.
    sendAnswers(okJson(ACK).withChunkedDribbleDelay(ACK.length(), 3_000));
    try (AgentBusClient alice = bus.alice().requestTimeout(Duration.ofMillis(500)).build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasCauseInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("within the client's request timeout of 500 ms")
          .hasMessageContaining("may or may not have accepted the message");
    }
  }

  @Test
  void aSendAnsweredWithABodyLargerThanAnyBusAnswerStopsReadingItAndSaysSo() {
    sendAnswers(aResponse().withStatus(200).withBody(new byte[BODY_LARGER_THAN_ANY_ANSWER]));
    // WireMock takes seconds to start a body this size on a busy machine
    try (AgentBusClient alice = bus.alice().requestTimeout(Duration.ofSeconds(60)).build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("larger than 16 MiB, more than any bus answer");
    }
  }

  @Test
  void aSendWhoseConnectionIsResetIsNotRetriedAndSaysTheMessageMayHaveLanded() {
    sendAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageStartingWith("POST /send to " + bus.url() + " failed")
          .hasMessageContaining("the connection broke before a complete answer came")
          .hasMessageContaining("sending it again may deliver it twice");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendAnsweredWithNoBytesAtAllIsNotRetried() {
    sendAnswers(aResponse().withFault(Fault.EMPTY_RESPONSE));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("may or may not have accepted the message");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendWhoseChunkedAnswerBreaksOffIsNotRetried() {
    sendAnswers(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("the connection broke before a complete answer came");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendAnswered200WithAnEmptyBodySaysSo() {
    sendAnswers(aResponse().withStatus(200));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageStartingWith("POST /send answered 200 with an empty body")
          .hasMessageContaining("is " + bus.url() + " an agent bus?");
    }
  }

  @Test
  void aSendAnswered200WithATruncatedBodySaysItWasCutShort() {
    sendAnswers(okJson("{\"ok\": true, \"ts\": 101.5, \"chan"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it ends in the middle of a JSON document (cut short?)")
          .hasMessageContaining("{\"ok\": true, \"ts\": 101.5, \"chan");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendAnswered200WithMalformedJsonNamesTheBodyAndAsksWhetherTheUrlIsABus() {
    sendAnswers(okJson("{ok: true, ts: 101.5}"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining(
              "a body (Content-Type application/json) that is not the protocol's answer")
          .hasMessageContaining("it is not well-formed JSON")
          .hasMessageContaining("{ok: true, ts: 101.5}")
          .hasMessageContaining("is " + bus.url() + " an agent bus?");
    }
  }

  @Test
  void aSendAnswered200WithAnHtmlPageNamesItsContentType() {
    sendAnswers(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>Please log in</body></html>"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("answered 200 with a body (Content-Type text/html)")
          .hasMessageContaining("<html><body>Please log in</body></html>")
          .hasMessageContaining("login page");
    }
  }

  @Test
  void aSendAnswered200WithAJsonArrayIsNotAnAcknowledgement() {
    sendAnswers(okJson("[" + ACK + "]"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it is a JSON array, not a JSON object");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"ok\": false, \"ts\": 101.5}", "{\"error\": \"later\"}"})
  void aSendAnswered200WithoutOkTrueIsNotTakenForAnAcknowledgement(String body) {
    sendAnswers(okJson(body));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("it does not say \"ok\": true")
          .hasMessageContaining("nothing confirms the message was accepted");
    }
  }

  @Test
  void aSendAnswered200WithoutATimestampIsNotTakenForAnAcknowledgement() {
    sendAnswers(okJson("{\"ok\": true, \"channel\": \"c\"}"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("its \"ts\" is missing or not a number");
    }
  }

  @Test
  void aSendRefused403WithAnHtmlPageNamesTheFirewallAndTheUserAgentToSend() {
    sendAnswers(
        aResponse()
            .withStatus(403)
            .withHeader("Content-Type", "text/html")
            .withBody(
                "<html><head><title>403 Forbidden</title></head><body>blocked</body></html>"));
    try (AgentBusClient alice = bus.alice().userAgent("agent-bus-java/0.1").build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOfSatisfying(
              BusRejectedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.busError()).startsWith("<html><head><title>403 Forbidden");
              })
          .hasMessageContaining("likely a web application firewall")
          .hasMessageContaining("this client sends 'agent-bus-java/0.1'")
          .hasMessageContaining("set AGENT_BUS_UA or Builder.userAgent to Mozilla/5.0");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aSendRefused403ByTheBusItselfCarriesOnlyTheBusSentence() {
    sendAnswers(
        aResponse()
            .withStatus(403)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\": \"User-Agent 'curl' does not look like a browser\"}"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusRejectedException.class)
          .hasMessage("POST /send: 403 User-Agent 'curl' does not look like a browser");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void aSendAskedToRetryLaterIsNotRetriedAndCarriesTheRetryAfter(int status) {
    sendAnswers(
        aResponse()
            .withStatus(status)
            .withHeader("Retry-After", "1")
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\": \"slow down\"}"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOfSatisfying(
              BusRejectedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(status);
                assertThat(e.isTransient()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
              })
          .hasMessage(
              "POST /send: "
                  + status
                  + " slow down; the answer asks to wait 1 s (Retry-After) before retrying");
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  @Test
  void aRetryAfterInTheDateFormIsNotRead() {
    sendAnswers(
        aResponse().withStatus(503).withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOfSatisfying(
              BusRejectedException.class, e -> assertThat(e.retryAfter()).isEmpty())
          .hasMessageContaining("503 (an empty body)");
    }
  }
}
