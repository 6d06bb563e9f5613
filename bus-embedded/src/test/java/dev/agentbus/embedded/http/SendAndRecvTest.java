package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The protocol's /send, /recv, /inbox and /healthz as docs/protocol.md describes them. */
class SendAndRecvTest {

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void sendAnswersOkWithTimestampAndChannel() {
    Reply reply = bus.http().send("alice", "bob", "ping", "c-7");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(reply.json().get("ok").asBoolean()).isTrue();
    assertThat(reply.json().get("channel").asText()).isEqualTo("c-7");
    assertThat(reply.ts()).isPositive();
  }

  @Test
  void sendWithoutChannelLandsOnDefault() {
    assertThat(bus.http().send("alice", "bob", "ping", null).json().get("channel").asText())
        .isEqualTo("default");
  }

  @Test
  void sendWithNullChannelLandsOnDefault() {
    Reply ack =
        bus.http()
            .postRaw(
                "/send",
                "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"x\",\"channel\":null}"
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(ack.json().get("channel").asText()).isEqualTo("default");
    assertThat(bodies(bus.http().get(recvQuery("bob", "default", null, false, null)).json()))
        .containsExactly("x");
    assertThat(bodies(bus.http().get(recvQuery("bob", "null", null, false, null)).json()))
        .isEmpty();
  }

  @Test
  void sendIgnoresUnknownFields() {
    Reply reply =
        bus.http()
            .postRaw(
                "/send",
                "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"x\",\"priority\":[1,{\"a\":2}]}"
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void recvReturnsTheMessageWithItsFields() {
    BigDecimal ts = bus.http().send("alice", "bob", "ping", "c-7").ts();

    JsonNode message =
        bus.http().get(recvQuery("bob", "c-7", null, null, null)).json().get("messages").get(0);

    assertThat(message.get("ts").decimalValue()).isEqualTo(ts);
    assertThat(message.get("from").asText()).isEqualTo("alice");
    assertThat(message.get("msg").asText()).isEqualTo("ping");
    assertThat(message.get("channel").asText()).isEqualTo("c-7");
  }

  @Test
  void bodiesOfAnyUnicodeRoundTripExactly() {
    String body = "line one\nline two\t\u0000 NUL, émoji 🛰️, RTL שלום, \"quotes\" \\ and {json}";
    bus.http().send("alice", "bob", body, null);

    assertThat(bodies(bus.http().get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly(body);
  }

  @Test
  void emptyBodyIsAMessageToo() {
    bus.http().send("alice", "bob", "", null);

    assertThat(bodies(bus.http().get(recvQuery("bob", null, null, null, null)).json()))
        .containsExactly("");
  }

  @Test
  void namesWithAmpersandSpacesAndEmojiRoundTrip() {
    String sender = "a&b = c?d";
    String recipient = "bob the 🤖 & co/worker#1";
    bus.http().send(sender, recipient, "hi", "chan & 🚀");

    JsonNode message =
        bus.http()
            .get(recvQuery(recipient, "chan & 🚀", null, null, null))
            .json()
            .get("messages")
            .get(0);

    assertThat(message.get("from").asText()).isEqualTo(sender);
    assertThat(message.get("channel").asText()).isEqualTo("chan & 🚀");
  }

  @Test
  void aTenThousandCharacterNameRoundTrips() {
    String name = "n".repeat(5_000) + "ü".repeat(5_000);
    bus.http().send("alice", name, "long", null);

    Reply reply = bus.http().get(recvQuery(name, null, null, null, null));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("messages").get(0).get("msg").asText()).isEqualTo("long");
  }

  @Test
  void recvOnlyReturnsMessagesAfterSince() {
    BigDecimal first = bus.http().send("alice", "bob", "one", null).ts();
    bus.http().send("alice", "bob", "two", null);

    JsonNode messages =
        bus.http().get(recvQuery("bob", null, first, null, null)).json().get("messages");

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("msg").asText()).isEqualTo("two");
  }

  @Test
  void recvReturnsMessagesInAscendingTimestampOrder() {
    for (int i = 0; i < 20; i++) {
      bus.http().send("alice", "bob", "m" + i, i % 2 == 0 ? "even" : "odd");
    }

    JsonNode messages =
        bus.http().get(recvQuery("bob", null, null, null, null)).json().get("messages");

    List<BigDecimal> stamps = new ArrayList<>();
    messages.forEach(m -> stamps.add(m.get("ts").decimalValue()));
    assertThat(stamps).hasSize(20).isSortedAccordingTo(BigDecimal::compareTo);
  }

  @Test
  void recvDefaultsToAtMostOneHundredMessages() {
    for (int i = 0; i < 120; i++) {
      bus.http().send("alice", "bob", "m" + i, null);
    }

    assertThat(bus.http().get(recvQuery("bob", null, null, null, null)).json().get("messages"))
        .hasSize(100);
  }

  @Test
  void recvWithMaxReturnsAtMostThatMany() {
    for (int i = 0; i < 5; i++) {
      bus.http().send("alice", "bob", "m" + i, null);
    }

    assertThat(bus.http().get(recvQuery("bob", null, null, null, 2)).json().get("messages"))
        .hasSize(2);
  }

  @Test
  void recvOnlyReturnsMessagesForThatRecipient() {
    bus.http().send("alice", "carol", "not for bob", null);

    assertThat(bus.http().get(recvQuery("bob", null, null, null, null)).json().get("messages"))
        .isEmpty();
  }

  @Test
  void recvWithChannelOnlyReadsThatChannel() {
    bus.http().send("alice", "bob", "on c-1", "c-1");
    bus.http().send("alice", "bob", "on c-2", "c-2");

    JsonNode messages =
        bus.http().get(recvQuery("bob", "c-1", null, null, null)).json().get("messages");

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("msg").asText()).isEqualTo("on c-1");
  }

  @Test
  void blockAcceptsTrueAndFalseInAnyCase() {
    bus.http().send("alice", "bob", "x", null);

    assertThat(bus.http().get("/recv?to=bob&block=TRUE").status()).isEqualTo(200);
    assertThat(bus.http().get("/recv?to=bob&block=False").status()).isEqualTo(200);
  }

  @Test
  void nonBlockingRecvWithNothingAnswersEmptyAtOnce() {
    Reply reply = bus.http().get(recvQuery("nobody", null, null, false, null));

    assertThat(reply.json().get("messages")).isEmpty();
    assertThat(reply.json().get("now").decimalValue()).isPositive();
  }

  @Test
  void inboxCountsHeldMessagesPerChannelAndRecipient() {
    bus.http().send("alice", "bob", "1", "c-1");
    bus.http().send("alice", "bob", "2", "c-1");
    bus.http().send("alice", "carol", "3", null);

    JsonNode recipients = bus.http().get("/inbox").json().get("recipients");

    assertThat(recipients.get("c-1").get("bob").asInt()).isEqualTo(2);
    assertThat(recipients.get("default").get("carol").asInt()).isEqualTo(1);
  }

  @Test
  void healthzAnswersOkAndNow() {
    Reply reply = bus.http().get("/healthz");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("ok").asBoolean()).isTrue();
    assertThat(reply.json().get("now").decimalValue()).isPositive();
  }

  @Test
  void timestampsAreNearWallClockSecondsWithMicrosecondDigits() {
    long before = System.currentTimeMillis();
    Reply reply = bus.http().send("alice", "bob", "x", null);
    long after = System.currentTimeMillis();

    assertThat(reply.text()).containsPattern("\"ts\":\\d{10}\\.\\d{6},");
    assertThat(reply.ts().movePointRight(3).longValue()).isBetween(before - 1, after + 1);
  }
}
