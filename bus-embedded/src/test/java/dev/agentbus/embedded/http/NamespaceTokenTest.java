package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A namespace's own token guards it against every request that lacks it, even one that races the
 * namespace's creation, and an outsider cannot tell a guarded namespace from a missing one.
 */
class NamespaceTokenTest {

  private static final String TOKEN_OPTIONS = "{\"token\":\"s3cret\"}";

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSendWhoseNamespaceIsCreatedWithATokenWhileItsBodyArrivesIsRefused() throws Exception {
    String body = "{\"from\":\"mallory\",\"to\":\"bob\",\"msg\":\"forged\"}";
    try (RawHttp sender = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      sender.write(
          "POST",
          "/ns/x/send",
          "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n",
          new byte[0]);
      assertThat(sender.read().status()).as("100 Continue: the bus reads the body").isEqualTo(100);

      Reply created = namespaceAdmin("x").methodWithBody("PUT", "", TOKEN_OPTIONS);
      sender.writeBytes(body.getBytes(StandardCharsets.UTF_8));

      assertThat(created.status()).isEqualTo(201);
      assertThat(sender.read().status()).isEqualTo(401);
    }
    assertThat(server.namespace("x").orElseThrow().traffic().messages()).isEmpty();
  }

  @Test
  void sendsAndPollsRacingTheCreationOfATokenNamespaceNeverGetIntoIt() {
    List<String> guarded = new ArrayList<>();
    // Parked polls end by themselves soon: a poll that won the race parks in a namespace of its
    // own.
    try (AgentBusServer racing =
        AgentBusServer.builder().recvTimeout(Duration.ofMillis(100)).start()) {
      for (int round = 0; round < 100; round++) {
        String id = "race-" + round;
        BusHttp tokenless = new BusHttp(racing.namespaceUrl(id));
        CompletableFuture<Reply> send = tokenless.postRawAsync("/send", forged());
        CompletableFuture<Reply> poll = tokenless.getAsync("/recv?to=bob&block=true");
        Reply created =
            new BusHttp(java.net.URI.create(racing.namespaceUrl(id) + "/_bus/namespace"))
                .methodWithBody("PUT", "", TOKEN_OPTIONS);
        if (created.status() == 201) {
          guarded.add(id);
          new BusHttp(racing.namespaceUrl(id))
              .withHeader("Authorization", "Bearer s3cret")
              .send("alice", "bob", "secret", null);
          assertThat(send.join().status()).as("tokenless send into %s", id).isEqualTo(401);
        }
        assertThat(send.join().status()).as("round %d", round).isIn(200, 401);
        assertThat(poll.join().text())
            .as("tokenless poll in round %d", round)
            .doesNotContain("secret");
      }
    }
    assertThat(guarded).as("rounds in which the token namespace was created first").isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/_bus/info", "/_bus/journal", "/_bus/traffic", "/_bus/polls?timeout=1"})
  void anAdminReadWithoutTheTokenReadsExactlyLikeOneOfAMissingNamespace(String path) {
    server.createNamespace("guarded", NamespaceOptions.builder().token("s3cret").build());

    Reply guarded = new BusHttp(server.namespaceUrl("guarded")).get(path);
    Reply missing = new BusHttp(server.namespaceUrl("missing")).get(path);

    assertThat(guarded.status()).isEqualTo(missing.status()).isEqualTo(404);
    assertThat(guarded.text().replace("guarded", "ID"))
        .isEqualTo(missing.text().replace("missing", "ID"));
    assertThat(guarded.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void aDeleteWithoutTheTokenReadsExactlyLikeOneOfAMissingNamespace() {
    server.createNamespace("guarded", NamespaceOptions.builder().token("s3cret").build());

    Reply guarded = namespaceAdmin("guarded").method("DELETE", "");
    Reply missing = namespaceAdmin("missing").method("DELETE", "");

    assertThat(guarded.status()).isEqualTo(missing.status()).isEqualTo(404);
    assertThat(guarded.text().replace("guarded", "ID"))
        .isEqualTo(missing.text().replace("missing", "ID"));
    assertThat(server.namespace("guarded")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PATCH"})
  void anotherMethodOnTheNamespacePathReadsTheSameForAGuardedAndAMissingNamespace(String method) {
    server.createNamespace("guarded", NamespaceOptions.builder().token("s3cret").build());

    Reply guarded = namespaceAdmin("guarded").method(method, "");
    Reply missing = namespaceAdmin("missing").method(method, "");

    assertThat(guarded.status()).isEqualTo(missing.status()).isEqualTo(405);
    assertThat(guarded.text()).isEqualTo(missing.text());
    assertThat(guarded.headers().map()).doesNotContainKey("www-authenticate");
  }

  @Test
  void anAdminReadWithTheTokenIsAnswered() {
    server.createNamespace("guarded", NamespaceOptions.builder().token("s3cret").build());

    Reply info =
        new BusHttp(server.namespaceUrl("guarded"))
            .withHeader("Authorization", "Bearer s3cret")
            .get("/_bus/info");

    assertThat(info.status()).isEqualTo(200);
  }

  private BusHttp namespaceAdmin(String id) {
    return new BusHttp(java.net.URI.create(server.namespaceUrl(id) + "/_bus/namespace"));
  }

  private static byte[] forged() {
    return "{\"from\":\"mallory\",\"to\":\"bob\",\"msg\":\"forged\"}"
        .getBytes(StandardCharsets.UTF_8);
  }
}
