package dev.agentbus.client.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.BusRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirects. The JDK's HTTP client follows none unless told to ({@code Redirect.NEVER} is its
 * default, and the client's shared one keeps it); told to, it turns a redirected POST into a GET on
 * 301 and 302. Ours follows none either way it is built by default: a send that is redirected may
 * be lost or repeated, and its token must not travel to another host. It says where the redirect
 * pointed, so that the user can fix the URL.
 */
class RedirectOverTheWireTest {

  @RegisterExtension final StubBus bus = new StubBus();

  private String moved() {
    return bus.url() + "/moved";
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 308})
  void aRedirectedSendIsNotFollowedAndNamesTheUrlToUseInstead(int status) {
    bus.stubFor(
        post("/send")
            .willReturn(aResponse().withStatus(status).withHeader("Location", moved() + "/send")));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOfSatisfying(
              BusRejectedException.class, e -> assertThat(e.status()).isEqualTo(status))
          .hasMessage(
              "POST /send: "
                  + status
                  + " a redirect to "
                  + moved()
                  + "/send; this client does not follow redirects (a redirected send may be lost"
                  + " or repeated, and the token must not travel to another host); if the bus has"
                  + " moved, point AGENT_BUS_URL at "
                  + moved());
      assertThat(bus.served.all()).hasSize(1);
      bus.wireMock().verify(0, WireMock.anyRequestedFor(urlPathMatching("/moved.*")));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 308})
  void aRedirectedPollIsNotFollowedAndLeavesTheCursor(int status) {
    bus.stubFor(
        get(urlPathMatching("/recv"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Location", moved() + "/recv?to=alice&since=100.000000")));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(alice::pollNow)
          .isInstanceOf(BusRejectedException.class)
          .hasMessageContaining("a redirect to " + moved() + "/recv")
          .hasMessageContaining("does not follow redirects");
      assertThat(alice.cursor()).isEqualByComparingTo(StubBus.START);
      bus.wireMock().verify(0, WireMock.anyRequestedFor(urlPathMatching("/moved.*")));
    }
  }

  @Test
  void aRedirectElsewhereThanTheBusPathSaysToPointTheUrlAtTheBus() {
    bus.stubFor(
        any(urlPathMatching("/send"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/login")));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusRejectedException.class)
          .hasMessageContaining("302 a redirect to /login")
          .hasMessageEndingWith("point AGENT_BUS_URL at the bus's own address");
    }
  }

  @Test
  void aRedirectWithoutALocationSaysSo() {
    bus.stubFor(post("/send").willReturn(aResponse().withStatus(301)));
    try (AgentBusClient alice = bus.alice().build()) {
      assertThatThrownBy(() -> alice.send("bob", "hi"))
          .isInstanceOf(BusRejectedException.class)
          .hasMessageStartingWith("POST /send: 301 a redirect without a Location");
    }
  }
}
