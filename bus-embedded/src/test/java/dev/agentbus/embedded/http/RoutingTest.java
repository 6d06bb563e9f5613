package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths: unknown ones, wrong methods, base paths, and namespaces. */
class RoutingTest {

  private AgentBusServer server;
  private BusHttp root;

  @BeforeEach
  void start() {
    server = AgentBusServer.builder().start();
    root = new BusHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anUnknownPathIsA404JsonErrorNamingThePath() {
    Reply reply = root.get("/receive?to=bob");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).contains("/receive").contains("GET /recv");
  }

  @Test
  void aWrongMethodIsA405WithAllow() {
    Reply reply = root.get("/send");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("POST");
    assertThat(reply.error()).contains("use POST /send");
  }

  @Test
  void postToRecvIsA405WithAllowGet() {
    Reply reply = root.postRaw("/recv?to=bob", new byte[0]);

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aNamespaceIsACompleteBusOfItsOwn() {
    BusHttp isolated = new BusHttp(server.namespaceUrl("t-1"));

    assertThat(isolated.send("alice", "bob", "inside", null).status()).isEqualTo(200);
    assertThat(bodies(isolated.get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("inside");
    assertThat(isolated.get("/inbox").json().get("recipients").get("default").get("bob").asInt())
        .isEqualTo(1);
    assertThat(isolated.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void namespacesDoNotSeeEachOthersTrafficNotEvenOnDefault() {
    BusHttp first = new BusHttp(server.namespaceUrl("t-1"));
    BusHttp second = new BusHttp(server.namespaceUrl("t-2"));
    first.send("alice", "bob", "only in t-1", null);

    assertThat(bodies(second.get(recvQuery("bob", null, null, null, null)).json())).isEmpty();
    assertThat(second.get("/inbox").json().get("recipients").size()).isZero();
  }

  @Test
  void theRootDoesNotSeeNamespaceTrafficNorTheReverse() {
    BusHttp isolated = new BusHttp(server.namespaceUrl("t-1"));
    isolated.send("alice", "bob", "namespaced", null);
    root.send("alice", "bob", "at the root", null);

    assertThat(bodies(root.get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("at the root");
    assertThat(bodies(isolated.get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("namespaced");
  }

  @Test
  void anInvalidNamespaceIdIsA400NamingTheRule() {
    Reply reply = root.get("/ns/-bad/healthz");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).contains("namespace id");
  }

  @Test
  void theBusWorksUnderABasePathAsClientsJoinIt() {
    try (AgentBusServer based = AgentBusServer.builder().basePath("/agent-bus/").start()) {
      assertThat(based.url().getPath()).isEqualTo("/agent-bus");
      BusHttp bus = new BusHttp(based.url());

      assertThat(bus.send("alice", "bob", "under a path", "c").status()).isEqualTo(200);
      assertThat(bodies(bus.get(recvQuery("bob", "c", null, null, null)).json()))
          .containsExactly("under a path");
      assertThat(new BusHttp(based.namespaceUrl("t-1")).get("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void outsideTheBasePathIsA404() {
    try (AgentBusServer based = AgentBusServer.builder().basePath("agent-bus").start()) {
      URI outside = URI.create("http://" + based.host() + ":" + based.port());

      assertThat(new BusHttp(outside).get("/healthz").status()).isEqualTo(404);
    }
  }
}
