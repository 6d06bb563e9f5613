package dev.agentbus.client.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.AgentBusException;
import dev.agentbus.client.BusRejectedException;
import dev.agentbus.client.BusUnreachableException;
import dev.agentbus.client.Listener;
import dev.agentbus.client.protocol.BusMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link AgentBusClient#listen} loop against answers a real bus never gives: it rides out what
 * is worth retrying (from the same cursor, losing and repeating nothing), waits as long as the bus
 * asks, reports each outage once, and skips only what it can never read.
 */
class ListenerOverTheWireTest {

  private static final String MESSAGES_101_5_AND_101_6 =
      "{\"messages\": [{\"ts\": 101.5, \"from\": \"bob\", \"msg\": \"first\"},"
          + " {\"ts\": 101.6, \"from\": \"bob\", \"msg\": \"second\"}], \"now\": 101.7}";

  @RegisterExtension final StubBus bus = new StubBus();

  @TempDir Path state;

  private final Recorder recorder = new Recorder();

  private Listener listen(AgentBusClient client) {
    return client.listen(recorder::message, recorder::error);
  }

  private static String since(LoggedRequest request) {
    return request.queryParameter("since").firstValue();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void aListenerAskedToRetryLaterWaitsForRetryAfterBeforePollingAgain(int status) throws Exception {
    bus.recvAnswersInTurn(
        aResponse().withStatus(status).withHeader("Retry-After", "1"),
        okJson(MESSAGES_101_5_AND_101_6));
    try (AgentBusClient alice = bus.alice().build();
        Listener listener = listen(alice)) {
      assertThat(recorder.awaitMessages(2))
          .extracting(BusMessage::msg)
          .containsExactly("first", "second");

      List<LoggedRequest> polls = bus.served.await(2, Duration.ofSeconds(5));
      long waitedMillis =
          polls.get(1).getLoggedDate().getTime() - polls.get(0).getLoggedDate().getTime();
      assertThat(waitedMillis).isBetween(1_000L, 4_000L);
      assertThat(recorder.awaitError())
          .isInstanceOf(BusRejectedException.class)
          .hasMessageContaining("the answer asks to wait 1 s (Retry-After)");
      assertThat(listener.isRunning()).isTrue();
    }
  }

  @Test
  void aClientClosedRightAfterItStartedAListenerRecordsNoListenerFailure() {
    // The listener's first poll races with the close; a lost race once showed as a failure.
    for (int i = 0; i < 1_000; i++) {
      AgentBusClient alice = bus.alice().build();
      alice.listen(message -> {});
      alice.close();

      assertThat(alice.listenerFailures()).as("after %d listen-and-close rounds", i + 1).isEmpty();
    }
  }

  @Test
  void aListenerWaitingOutALongRetryAfterStopsAtOnceWhenClosed() throws Exception {
    bus.recvAnswersInTurn(aResponse().withStatus(429).withHeader("Retry-After", "3600"));
    try (AgentBusClient alice = bus.alice().build()) {
      Listener listener = listen(alice);
      assertThat(recorder.awaitError()).hasMessageContaining("wait 3600 s");

      long started = System.nanoTime();
      listener.close();

      assertThat(listener.awaitStopped(Duration.ZERO)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(bus.served.all()).hasSize(1);
    }
  }

  static Stream<Arguments> unusableAnswers() {
    String truncated = MESSAGES_101_5_AND_101_6.substring(0, 60);
    return Stream.of(
        Arguments.of("a connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        Arguments.of("no bytes at all", aResponse().withFault(Fault.EMPTY_RESPONSE)),
        Arguments.of("a broken chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
        Arguments.of("an empty 200", aResponse().withStatus(200)),
        Arguments.of("a truncated body", okJson(truncated)),
        Arguments.of("malformed JSON", okJson("{messages: []}")),
        Arguments.of("a JSON array", okJson("[" + MESSAGES_101_5_AND_101_6 + "]")),
        Arguments.of(
            "an HTML 200",
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>maintenance</html>")),
        Arguments.of(
            "a message without ts",
            okJson("{\"messages\": [{\"from\": \"bob\", \"msg\": \"first\"}], \"now\": 999}")),
        Arguments.of("a 502 from a proxy", aResponse().withStatus(502).withBody("Bad Gateway")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableAnswers")
  void aListenerRetriesAnUnusableAnswerFromTheSameCursorLosingAndRepeatingNothing(
      String what, ResponseDefinitionBuilder unusable) throws Exception {
    // Twice: the JDK's HTTP client repeats a GET, once, whose connection gave no answer at all.
    bus.recvAnswersInTurn(unusable, unusable, okJson(MESSAGES_101_5_AND_101_6));
    try (AgentBusClient alice = bus.alice().stateDirectory(state).build();
        Listener listener = listen(alice)) {
      assertThat(recorder.awaitMessages(2))
          .extracting(BusMessage::msg)
          .containsExactly("first", "second");
      bus.served.awaitMatching(poll -> since(poll).equals("101.7"), Duration.ofSeconds(5));

      List<String> sinces = bus.served.all().stream().map(ListenerOverTheWireTest::since).toList();
      int resumed = sinces.indexOf("101.7");
      assertThat(sinces.subList(0, resumed)).hasSizeGreaterThan(1).containsOnly("100.000000");
      assertThat(sinces.subList(resumed, sinces.size())).containsOnly("101.7");
      assertThat(Files.readString(state.resolve("cursor_alice_c.txt"), StandardCharsets.UTF_8))
          .isEqualTo("101.7");
      assertThat(recorder.awaitError()).isInstanceOf(AgentBusException.class);
      recorder.assertNoMoreErrors();
      recorder.assertNoMoreMessages();
      assertThat(listener.isRunning()).isTrue();
    }
  }

  @Test
  void aListenerWhosePollTimesOutPollsAgainFromTheSameCursor() throws Exception {
    bus.recvAnswersInTurn(
        okJson(MESSAGES_101_5_AND_101_6).withFixedDelay(1_000), okJson(MESSAGES_101_5_AND_101_6));
    try (AgentBusClient alice = bus.alice().requestTimeout(Duration.ofMillis(300)).build();
        Listener listener = listen(alice)) {
      assertThat(recorder.awaitMessages(2))
          .extracting(BusMessage::msg)
          .containsExactly("first", "second");

      assertThat(bus.served.await(2, Duration.ofSeconds(5)))
          .extracting(ListenerOverTheWireTest::since)
          .containsExactly("100.000000", "100.000000");
      assertThat(recorder.awaitError())
          .isInstanceOf(BusUnreachableException.class)
          .hasMessageContaining("request timeout of 300 ms");
    }
  }

  @Test
  void aListenerRefusedByAFirewallPageRetriesAndReportsTheOutageOnce() throws Exception {
    ResponseDefinitionBuilder firewall =
        aResponse()
            .withStatus(403)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><title>Request blocked</title></html>");
    bus.recvAnswersInTurn(firewall, firewall, firewall, okJson(MESSAGES_101_5_AND_101_6));
    try (AgentBusClient alice = bus.alice().build();
        Listener listener = listen(alice)) {
      assertThat(recorder.awaitMessages(2)).hasSize(2);

      assertThat(recorder.awaitError())
          .isInstanceOf(BusRejectedException.class)
          .hasMessageContaining("likely a web application firewall");
      bus.served.await(5, Duration.ofSeconds(5)); // a poll after the batch: all reports are in
      recorder.assertNoMoreErrors();
    }
  }

  @Test
  void aListenerSkipsAMessageItCannotReadReportsItAndDeliversTheRest() throws Exception {
    bus.recvAnswersInTurn(
        okJson(
            "{\"messages\": [{\"ts\": 101.1, \"from\": \"bob\", \"msg\": \"one\"},"
                + " {\"ts\": 101.2, \"from\": \"bob\"},"
                + " {\"ts\": 101.3, \"from\": \"bob\", \"msg\": \"three\"}], \"now\": 101.4}"));
    try (AgentBusClient alice = bus.alice().build();
        Listener listener = listen(alice)) {
      assertThat(recorder.awaitMessages(2))
          .extracting(BusMessage::msg)
          .containsExactly("one", "three");

      AgentBusException skipped = recorder.awaitError();
      assertThat(skipped)
          .hasMessageContaining("its \"msg\" is missing")
          .hasMessageContaining("at ts 101.2");
      assertThat(alice.listenerFailures()).containsExactly(skipped);
      assertThat(since(bus.served.await(2, Duration.ofSeconds(5)).get(1))).isEqualTo("101.4");
      assertThat(listener.isRunning()).isTrue();
      recorder.assertNoMoreMessages();
    }
  }

  @Test
  void aListenerRedirectedElsewhereStopsAfterOnePollAndSaysWhereToPointIt() throws Exception {
    bus.recvAnswersInTurn(
        aResponse().withStatus(301).withHeader("Location", bus.url() + "/moved/recv?to=alice"));
    try (AgentBusClient alice = bus.alice().build()) {
      Listener listener = listen(alice);

      assertThat(listener.awaitStopped(Duration.ofSeconds(5))).isTrue();
      assertThat(listener.failure())
          .get()
          .isInstanceOf(BusRejectedException.class)
          .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
          .hasMessageContaining("does not follow redirects");
      assertThat(bus.served.all()).hasSize(1);
    }
  }
}
