package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Paths: unknown ones, wrong methods, base paths, and namespaces. */
class RoutingTest {

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void anUnknownPathIsA404JsonErrorNamingThePath() {
    Reply reply = bus.http().get("/receive?to=bob");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).contains("/receive").contains("GET /recv");
  }

  @Test
  void aWrongMethodIsA405WithAllow() {
    Reply reply = bus.http().get("/send");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("POST");
    assertThat(reply.error()).contains("use POST /send");
  }

  @Test
  void postToRecvIsA405WithAllowGet() {
    Reply reply = bus.http().postRaw("/recv?to=bob", new byte[0]);

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aNamespaceIsACompleteBusOfItsOwn() {
    BusHttp isolated = bus.http("t-1");

    assertThat(isolated.send("alice", "bob", "inside", null).status()).isEqualTo(200);
    assertThat(bodies(isolated.get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("inside");
    assertThat(isolated.get("/inbox").json().get("recipients").get("default").get("bob").asInt())
        .isEqualTo(1);
    assertThat(isolated.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void namespacesDoNotSeeEachOthersTrafficNotEvenOnDefault() {
    BusHttp first = bus.http("t-1");
    BusHttp second = bus.http("t-2");
    first.send("alice", "bob", "only in t-1", null);

    assertThat(bodies(second.get(recvQuery("bob", null, null, null, null)).json())).isEmpty();
    assertThat(second.get("/inbox").json().get("recipients").size()).isZero();
  }

  @Test
  void theRootDoesNotSeeNamespaceTrafficNorTheReverse() {
    BusHttp isolated = bus.http("t-1");
    isolated.send("alice", "bob", "namespaced", null);
    bus.http().send("alice", "bob", "at the root", null);

    assertThat(bodies(bus.http().get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("at the root");
    assertThat(bodies(isolated.get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("namespaced");
  }

  @Test
  void anInvalidNamespaceIdIsA400NamingTheRule() {
    Reply reply = bus.http().get("/ns/-bad/healthz");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).contains("namespace id");
  }

  @Test
  void theBusWorksUnderABasePathAsClientsJoinIt() {
    try (AgentBusServer based = AgentBusServer.builder().basePath("/agent-bus/").start()) {
      assertThat(based.url().getPath()).isEqualTo("/agent-bus");
      BusHttp agent = new BusHttp(based.url());

      assertThat(agent.send("alice", "bob", "under a path", "c").status()).isEqualTo(200);
      assertThat(bodies(agent.get(recvQuery("bob", "c", null, null, null)).json()))
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
