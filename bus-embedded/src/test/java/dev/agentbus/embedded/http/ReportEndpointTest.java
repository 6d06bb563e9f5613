package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import org.junit.jupiter.api.Test;

/** {@code GET /_bus/report}: the live HTML page, at the root and in a namespace. */
class ReportEndpointTest {

  @Test
  void aNamespaceServesItsOwnTrafficAsALivePageThatFollowsTheJournalAfterIt() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.namespaceUrl("t-1"));
      bus.send("alice", "bob", "in t-1", "c-7");
      new BusHttp(server.url()).send("carol", "dave", "at the root", "c");

      Reply page = new BusHttp(server.url()).get("/ns/t-1/_bus/report");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.text()).contains("namespace t-1", "in t-1").doesNotContain("at the root");
      assertThat(page.text()).contains("\"live\":{\"from\":2}");
    }
  }

  @Test
  void theRootServesItsPageWithAPolicyThatRunsOnlyItsOwnCode() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      Reply page = new BusHttp(server.url()).get("/_bus/report");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.text()).contains("root namespace");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("default-src 'none'", "script-src 'sha256-", "connect-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void aBusWithATokenServesThePageOnlyToRequestsThatCarryIt() {
    try (AgentBusServer server = AgentBusServer.builder().token("s3cret").start()) {
      BusHttp anonymous = new BusHttp(server.url());

      assertThat(anonymous.get("/_bus/report").status()).isEqualTo(401);
      assertThat(
              anonymous.withHeader("Authorization", "Bearer s3cret").get("/_bus/report").status())
          .isEqualTo(200);
    }
  }
}
