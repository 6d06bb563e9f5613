package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The firewall and token emulations, off by default, catch clients that production drops. */
class ProductionParityTest {

  @Test
  void byDefaultAnyUserAgentIsServed() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp script = new BusHttp(server.url()).withHeader("User-Agent", "Python-urllib/3.11");

      assertThat(script.get("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void wafRefusesAScriptUserAgentWith403() {
    try (AgentBusServer server = AgentBusServer.builder().waf(true).start()) {
      BusHttp script = new BusHttp(server.url()).withHeader("User-Agent", "Python-urllib/3.11");

      Reply reply = script.send("alice", "bob", "x", null);

      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.error()).contains("Python-urllib/3.11").contains("Mozilla/5.0");
    }
  }

  @Test
  void wafLetsABrowserUserAgentThrough() {
    try (AgentBusServer server = AgentBusServer.builder().waf(true).start()) {
      BusHttp browser = new BusHttp(server.url()).withHeader("User-Agent", "Mozilla/5.0");

      assertThat(browser.send("alice", "bob", "x", null).status()).isEqualTo(200);
    }
  }

  @Test
  void tokenModeRefusesARequestWithoutTokenWith401() {
    try (AgentBusServer server = AgentBusServer.builder().token("s3cret").start()) {
      Reply reply = new BusHttp(server.url()).get("/recv?to=bob");

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(reply.error()).contains("Authorization: Bearer");
    }
  }

  @Test
  void tokenModeRefusesAWrongTokenWith401() {
    try (AgentBusServer server = AgentBusServer.builder().token("s3cret").start()) {
      BusHttp wrong = new BusHttp(server.url()).withHeader("Authorization", "Bearer guess");

      assertThat(wrong.get("/healthz").status()).isEqualTo(401);
    }
  }

  @Test
  void tokenModeServesTheRightToken() {
    try (AgentBusServer server = AgentBusServer.builder().token("s3cret").start()) {
      BusHttp right = new BusHttp(server.url()).withHeader("Authorization", "Bearer s3cret");

      assertThat(right.send("alice", "bob", "x", null).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "tökén", "line\nbreak"})
  void aTokenThatCouldNeverOpenTheBusIsRefusedAtOnce(String token) {
    assertThatThrownBy(() -> AgentBusServer.builder().token(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("token ")
        .hasMessageEndingWith(
            ": leave it out to require none, or give a token of visible ASCII characters");
  }

  @Test
  void aBusWhoseNamespacesRequireATokenByDefaultStartsAndServesIt() {
    try (AgentBusServer server =
        AgentBusServer.builder()
            .defaults(NamespaceOptions.builder().token("n-s3cret").build())
            .start()) {
      BusHttp right = new BusHttp(server.url()).withHeader("Authorization", "Bearer n-s3cret");

      assertThat(right.get("/healthz").status()).isEqualTo(200);
      assertThat(new BusHttp(server.url()).get("/healthz").status()).isEqualTo(401);
    }
  }
}
