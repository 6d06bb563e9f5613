package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which requests create a namespace, which do not, and what a drop does to requests in flight. */
class NamespaceLifecycleTest {

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/_bus/info",
        "/_bus/journal",
        "/_bus/journal?block=true&timeout=1",
        "/_bus/traffic",
        "/_bus/transcript",
        "/_bus/polls?timeout=1",
        "/_bus/parked",
        "/_bus/parked?after=0&timeout=1",
        "/_bus/counts",
        "/_bus/no-such-admin-path"
      })
  void anAdminReadOfAnUnknownNamespaceIsNotFoundAndCreatesNothing(String path) {
    Reply reply = new BusHttp(server.namespaceUrl("ghost")).get(path);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).startsWith("there is no namespace 'ghost' on this bus");
    assertThat(server.namespace("ghost")).isEmpty();
    assertThat(server.info().namespaces()).isZero();
  }

  @Test
  void aProtocolRequestCreatesItsNamespaceWithTheServersDefaults() {
    try (AgentBusServer custom = AgentBusServer.builder().maxQueue(9).start()) {
      new BusHttp(custom.namespaceUrl("ad-hoc")).get(recvQuery("bob", null, null, null, null));

      assertThat(custom.namespace("ad-hoc").orElseThrow().options().maxQueue()).isEqualTo(9);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET | /nope | | 404",
        "GET | /send | | 405",
        "POST | /send | { | 400",
        "POST | /send | {\"from\":\"a\",\"msg\":\"m\"} | 400",
        "GET | /recv?to=bob&since=yesterday | | 400",
        "POST | /send | TOO_LARGE | 413"
      })
  void aRefusedProtocolRequestCreatesNoNamespaceAndIsJournaledAtTheRoot(
      String method, String path, String body, int status) {
    BusHttp fresh = new BusHttp(server.namespaceUrl("refused"));
    String json = "TOO_LARGE".equals(body) ? "x".repeat(70_000) : body;

    Reply reply =
        json == null ? fresh.method(method, path) : fresh.methodWithBody(method, path, json);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(server.namespace("refused")).isEmpty();
    assertThat(server.journal().entries())
        .filteredOn(RequestRejected.class::isInstance)
        .map(RequestRejected.class::cast)
        .satisfiesExactly(
            rejected -> {
              assertThat(rejected.status()).isEqualTo(status);
              assertThat(rejected.endpoint()).startsWith("/ns/refused/");
            });
  }

  @Test
  void aRequestForANamespaceItselfNamesTheWholePathItFoundNoEndpointAt() {
    Reply reply = new BusHttp(server.namespaceUrl("t-1")).get("");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).startsWith("no endpoint at /ns/t-1;");
  }

  @Test
  void aContentLengthTooLargeForSixtyFourBitsCreatesNoNamespace() throws Exception {
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      raw.write(
          "POST", "/ns/refused/send", "Content-Length: 99999999999999999999999\r\n", new byte[0]);

      assertThat(raw.read().status()).isEqualTo(413);
    }
    assertThat(server.namespace("refused")).isEmpty();
  }

  @Test
  void aRequestRefusedForItsTokenCreatesNothingAndIsJournaledAtTheRootOnly() {
    try (AgentBusServer guarded = AgentBusServer.builder().token("t").start()) {
      Reply reply = new BusHttp(guarded.namespaceUrl("forged")).send("mallory", "bob", "x", "c");

      assertThat(reply.status()).isEqualTo(401);
      assertThat(guarded.namespace("forged")).isEmpty();
      RequestRejected rejected = (RequestRejected) guarded.journal().entries().get(0);
      assertThat(rejected.status()).isEqualTo(401);
      assertThat(rejected.endpoint()).contains("/ns/forged/send");
    }
  }

  @Test
  void theServersTokenOpensEveryNamespaceAndANamespacesTokenOnlyItsOwn() {
    try (AgentBusServer guarded = AgentBusServer.builder().token("server").start()) {
      guarded.createNamespace("a", NamespaceOptions.builder().token("a-token").build());
      guarded.createNamespace("b", NamespaceOptions.defaults());

      int serverIntoA =
          new BusHttp(guarded.namespaceUrl("a"))
              .withHeader("Authorization", "Bearer server")
              .send("x", "y", "m", "c")
              .status();
      int aIntoA =
          new BusHttp(guarded.namespaceUrl("a"))
              .withHeader("Authorization", "Bearer a-token")
              .send("x", "y", "m", "c")
              .status();
      int aIntoB =
          new BusHttp(guarded.namespaceUrl("b"))
              .withHeader("Authorization", "Bearer a-token")
              .send("x", "y", "m", "c")
              .status();

      assertThat(List.of(serverIntoA, aIntoA, aIntoB)).containsExactly(200, 200, 401);
    }
  }

  @Test
  void creatingANamespaceOverHttpAnswers201Then200ThenAConflict() {
    BusHttp admin = new BusHttp(server.namespaceUrl("t-1"));

    Reply created =
        put(admin, "{\"channellessRecv\": \"default\", \"maxQueue\": 50, \"recvTimeout\": 5}");
    Reply same =
        put(admin, "{\"maxQueue\": 50, \"recvTimeout\": 5, \"channellessRecv\": \"default\"}");
    Reply other = put(admin, "{\"maxQueue\": 51}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("options").get("maxQueue").asInt()).isEqualTo(50);
    assertThat(same.status()).isEqualTo(200);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.error()).contains("already exists with other options");
  }

  @Test
  void aRecvTimeoutOverHttpMayBeSecondsOrADurationWithItsUnit() {
    Reply seconds = put(new BusHttp(server.namespaceUrl("seconds")), "{\"recvTimeout\": 0.5}");
    Reply unit = put(new BusHttp(server.namespaceUrl("unit")), "{\"recvTimeout\": \"500ms\"}");

    assertThat(List.of(seconds.status(), unit.status())).containsExactly(201, 201);
    assertThat(server.namespace("unit").orElseThrow().options().recvTimeout())
        .isEqualTo(Duration.ofMillis(500))
        .isEqualTo(server.namespace("seconds").orElseThrow().options().recvTimeout());
  }

  @Test
  void aNamespaceCreatedOverHttpTakesTheServersDefaultsForTheFieldsLeftOut() {
    NamespaceOptions defaults =
        NamespaceOptions.builder().channellessRecv(ChannellessRecv.DEFAULT).maxQueue(10).build();
    try (AgentBusServer configured = AgentBusServer.builder().defaults(defaults).start()) {
      Reply some = put(new BusHttp(configured.namespaceUrl("some")), "{\"waf\": true}");
      Reply none = put(new BusHttp(configured.namespaceUrl("none")), "");

      assertThat(some.status()).isEqualTo(201);
      assertThat(configured.namespace("some").orElseThrow().options())
          .isEqualTo(defaults.toBuilder().waf(true).build());
      assertThat(none.status()).isEqualTo(201);
      assertThat(configured.namespace("none").orElseThrow().options()).isEqualTo(defaults);
    }
  }

  @Test
  void optionsDeclaredTooLargeWithExpectContinueGetA413AtOnce() throws Exception {
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      raw.write(
          "PUT",
          "/ns/t-1/_bus/namespace",
          "Content-Length: 17000\r\nExpect: 100-continue\r\n",
          new byte[0]);

      RawHttp.Response answer = raw.read();
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.body()).contains("namespace options are at most 16384 bytes");
    }
    assertThat(server.namespace("t-1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {40_000, 900_000})
  void chunkedOptionsPastTheBoundGetA413(int size) throws Exception {
    byte[] spaces = " ".repeat(size).getBytes(StandardCharsets.US_ASCII);
    byte[] chunk =
        (Integer.toHexString(spaces.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      raw.write("PUT", "/ns/t-1/_bus/namespace", "Transfer-Encoding: chunked\r\n", chunk);
      raw.writeBytes(spaces);
      raw.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      RawHttp.Response answer = raw.read();
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.body()).contains("namespace options are at most 16384 bytes");
    }
    assertThat(server.namespace("t-1")).isEmpty();
  }

  @Test
  void optionsTooLargeSentWholeBeforeReadingGetA413NotABrokenConnection() throws Exception {
    byte[] body =
        ("{\"token\":\"" + "x".repeat(10_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      raw.write("PUT", "/ns/t-1/_bus/namespace", "Content-Length: " + body.length + "\r\n", body);

      assertThat(raw.read().status()).isEqualTo(413);
    }
    assertThat(server.namespace("t-1")).isEmpty();
  }

  @Test
  void namespaceOptionsNamingAKeyTwiceAreRefusedNamingIt() {
    Reply twice = put(new BusHttp(server.namespaceUrl("t-1")), "{\"token\":\"a\",\"token\":\"b\"}");

    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.error()).contains("Duplicate field 'token'");
    assertThat(server.namespace("t-1")).isEmpty();
  }

  @Test
  void namespaceOptionsWithAnUnknownFieldOrAWrongTypeAreRefusedNamingIt() {
    BusHttp admin = new BusHttp(server.namespaceUrl("t-1"));

    Reply typo = put(admin, "{\"channelessRecv\": \"default\"}");
    Reply wrongType = put(admin, "{\"maxQueue\": \"many\"}");
    Reply badMode = put(admin, "{\"channellessRecv\": \"some\"}");
    Reply blankToken = put(admin, "{\"token\": \" \"}");

    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.error()).contains("unknown namespace option \"channelessRecv\"");
    assertThat(wrongType.error()).contains("\"maxQueue\" must be a whole number from 1");
    assertThat(badMode.error()).contains("'all' or 'default'");
    assertThat(blankToken.error())
        .startsWith("namespace option \"token\" has character U+0020 at position 1");
    assertThat(server.namespace("t-1")).isEmpty();
  }

  @Test
  void infoOfANamespaceReportsItsOptionsButNeverItsToken() {
    server.createNamespace("t-1", NamespaceOptions.builder().token("secret").maxQueue(3).build());

    Reply info =
        new BusHttp(server.namespaceUrl("t-1"))
            .withHeader("Authorization", "Bearer secret")
            .get("/_bus/info");

    JsonNode options = info.json().get("options");
    assertThat(info.json().get("namespace").asText()).isEqualTo("t-1");
    assertThat(options.get("maxQueue").asInt()).isEqualTo(3);
    assertThat(options.get("tokenRequired").asBoolean()).isTrue();
    assertThat(info.text()).doesNotContain("secret");
  }

  @Test
  void aSendWhoseNamespaceIsDroppedWhileItsBodyArrivesIsRefusedNotLost() throws Exception {
    BusNamespace namespace = server.createNamespace("t-1", NamespaceOptions.defaults());
    byte[] body =
        "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"in flight\",\"channel\":\"c\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(20))) {
      raw.write(
          "POST",
          "/ns/t-1/send",
          "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
              + body.length
              + "\r\n",
          new byte[0]);
      // The bus asks for the body once the request is routed to its namespace.
      assertThat(raw.read().status()).isEqualTo(100);
      raw.writeBytes(java.util.Arrays.copyOf(body, 10));
      namespace.close();
      raw.writeBytes(java.util.Arrays.copyOfRange(body, 10, body.length));
      RawHttp.Response response = raw.read();

      assertThat(response.status()).isEqualTo(410);
      assertThat(response.body()).contains("was dropped while this request was in flight");
    }
    assertThat(namespace.journal().entries()).noneMatch(MessageSent.class::isInstance);
  }

  @Test
  void everySendAcknowledgedWhileItsNamespaceIsDroppedIsInAJournal() throws Exception {
    BusNamespace first = server.createNamespace("t-1", NamespaceOptions.defaults());
    Set<BigDecimal> acknowledged = ConcurrentHashMap.newKeySet();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        int sender = s;
        running.add(
            senders.submit(
                () -> {
                  BusHttp http = new BusHttp(server.namespaceUrl("t-1"));
                  for (int i = 0; i < 300; i++) {
                    Reply reply = http.send("s" + sender, "bob", "m" + i, "c");
                    if (reply.status() == 200) {
                      acknowledged.add(reply.ts());
                    } else {
                      assertThat(reply.status()).isEqualTo(410);
                    }
                  }
                }));
      }
      first.journal().awaitEntry(1, MessageSent.class, m -> true, Duration.ofSeconds(20));
      first.close();
      for (Future<?> future : running) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
    Set<BigDecimal> journaled =
        java.util.stream.Stream.concat(
                first.journal().entries().stream(),
                server
                    .namespace("t-1")
                    .map(n -> n.journal().entries().stream())
                    .orElseGet(java.util.stream.Stream::empty))
            .filter(MessageSent.class::isInstance)
            .map(e -> ((MessageSent) e).ts().stripTrailingZeros())
            .collect(Collectors.toSet());
    assertThat(
            acknowledged.stream().map(BigDecimal::stripTrailingZeros).collect(Collectors.toSet()))
        .hasSize(acknowledged.size())
        .isSubsetOf(journaled);
  }

  private static Reply put(BusHttp admin, String json) {
    return admin.methodWithBody("PUT", "/_bus/namespace", json);
  }
}
