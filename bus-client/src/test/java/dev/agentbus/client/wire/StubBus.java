package dev.agentbus.client.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.agentbus.client.AgentBusClient;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stubbed bus for one test: WireMock on 127.0.0.1 and a port of its own, and clients pointed at
 * it. Register it on an instance field ({@code @RegisterExtension final StubBus bus = new
 * StubBus();}) so that each test gets a fresh server, journal and log.
 */
final class StubBus implements BeforeEachCallback, AfterEachCallback {

  /** Where every client of these tests starts polling: before any stubbed message. */
  static final BigDecimal START = new BigDecimal("100.000000");

  /**
   * What the stub answers a poll once its scripted answers are used up: nothing, after a pause that
   * stands in for a long-poll, so that a listener does not spin.
   */
  static final int IDLE_POLL_MILLIS = 250;

  /** Long enough for any answer these tests expect; the slow-answer tests set their own. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  final ServedRequests served = new ServedRequests();
  final List<String> warnings = new CopyOnWriteArrayList<>();
  private final WireMockExtension wireMock =
      WireMockExtension.newInstance()
          .options(options().dynamicPort().bindAddress("127.0.0.1").extensions(served))
          .build();

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    wireMock.beforeEach(context);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    wireMock.afterEach(context);
  }

  /**
   * @return the WireMock server, for stubs and request counts
   */
  WireMockExtension wireMock() {
    return wireMock;
  }

  StubMapping stubFor(MappingBuilder stub) {
    return wireMock.stubFor(stub);
  }

  /**
   * Scripts {@code GET /recv}: each answer once, in turn, then {@code {"messages": []}} after
   * {@link #IDLE_POLL_MILLIS} for every later poll.
   */
  void recvAnswersInTurn(ResponseDefinitionBuilder... answers) {
    String state = Scenario.STARTED;
    for (int i = 0; i < answers.length; i++) {
      String next = i + 1 < answers.length ? "answer " + (i + 2) : "idle";
      stubFor(
          get(urlPathEqualTo("/recv"))
              .inScenario("recv")
              .whenScenarioStateIs(state)
              .willReturn(answers[i])
              .willSetStateTo(next));
      state = next;
    }
    stubFor(
        get(urlPathEqualTo("/recv"))
            .inScenario("recv")
            .whenScenarioStateIs(state)
            .willReturn(okJson("{\"messages\": []}").withFixedDelay(IDLE_POLL_MILLIS)));
  }

  /**
   * @return the bus URL: loopback and the stub's port, never another host
   */
  URI url() {
    return URI.create("http://127.0.0.1:" + wireMock.getPort());
  }

  /**
   * @return a builder for agent {@code alice} on channel {@code c}, cursor at {@link #START},
   *     warnings kept in {@link #warnings}
   */
  AgentBusClient.Builder alice() {
    return AgentBusClient.builder()
        .url(url())
        .name("alice")
        .channel("c")
        .startAt(START)
        .requestTimeout(REQUEST_TIMEOUT)
        .warnings(warnings::add);
  }
}
