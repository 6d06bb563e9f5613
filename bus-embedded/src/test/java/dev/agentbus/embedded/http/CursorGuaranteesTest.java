package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static dev.agentbus.embedded.testing.BusHttp.nextSince;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The guarantees our bus adds on top of the reference server (docs/protocol.md, 1 to 4). */
class CursorGuaranteesTest {

  @Test
  void concurrentSendsGetDistinctStrictlyIncreasingTimestamps() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      ExecutorService senders = Executors.newFixedThreadPool(8);
      List<Future<List<BigDecimal>>> perSender = new ArrayList<>();
      for (int s = 0; s < 8; s++) {
        String sender = "s" + s;
        perSender.add(
            senders.submit(
                () -> {
                  List<BigDecimal> stamps = new ArrayList<>();
                  for (int i = 0; i < 250; i++) {
                    stamps.add(bus.send(sender, "bob", "m" + i, null).ts());
                  }
                  return stamps;
                }));
      }
      Set<BigDecimal> all = new HashSet<>();
      for (Future<List<BigDecimal>> stamps : perSender) {
        List<BigDecimal> mine = stamps.get(60, TimeUnit.SECONDS);
        assertThat(mine).isSortedAccordingTo(BigDecimal::compareTo).doesNotHaveDuplicates();
        all.addAll(mine);
      }
      senders.shutdown();
      assertThat(all).hasSize(8 * 250);
    }
  }

  @Test
  void timestampsKeepIncreasingWhenTheWallClockJumpsBackAnHour() {
    AtomicLong wallSeconds = new AtomicLong(1_764_000_000);
    Clock jumpy =
        new Clock() {
          @Override
          public Instant instant() {
            return Instant.ofEpochSecond(wallSeconds.get());
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    try (AgentBusServer server = AgentBusServer.builder().clock(jumpy).start()) {
      BusHttp bus = new BusHttp(server.url());
      BigDecimal before = bus.send("alice", "bob", "before", null).ts();

      wallSeconds.addAndGet(-3_600);
      BigDecimal after = bus.send("alice", "bob", "after", null).ts();

      assertThat(after).isGreaterThan(before);
      assertThat(bodies(bus.get(recvQuery("bob", null, before, null, null)).json()))
          .containsExactly("after");
    }
  }

  @Test
  void aSinceHandedBackAsTheTextReceivedExcludesExactlyThatMessage() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      String firstTs = tsText(bus.send("alice", "bob", "first", null).text());
      bus.send("alice", "bob", "second", null);

      JsonNode answer = bus.get("/recv?to=bob&since=" + firstTs).json();

      assertThat(bodies(answer)).containsExactly("second");
    }
  }

  @Test
  void aSinceOneTenthOfAMicrosecondBeforeAMessageStillIncludesIt() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      BigDecimal ts = bus.send("alice", "bob", "only", null).ts();

      BigDecimal justBefore = ts.subtract(new BigDecimal("0.0000001"));

      assertThat(bodies(bus.get(recvQuery("bob", null, justBefore, null, null)).json()))
          .containsExactly("only");
    }
  }

  @Test
  void aSinceWithMoreDigitsThanMicrosecondsPastAMessageExcludesIt() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      BigDecimal ts = bus.send("alice", "bob", "only", null).ts();

      BigDecimal justAfter = ts.add(new BigDecimal("0.00000000001"));

      assertThat(bodies(bus.get(recvQuery("bob", null, justAfter, null, null)).json())).isEmpty();
    }
  }

  @Test
  void anAnswerCutAtMaxReturnsANowThatLetsTheNextPollGetTheRest() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      for (int i = 0; i < 150; i++) {
        bus.send("alice", "bob", "m" + i, null);
      }

      List<String> received = new ArrayList<>();
      BigDecimal since = BigDecimal.ZERO;
      for (int poll = 0; poll < 3; poll++) {
        JsonNode answer = bus.get(recvQuery("bob", null, since, null, 100)).json();
        received.addAll(bodies(answer));
        since = nextSince(since, answer);
      }

      assertThat(received).hasSize(150).doesNotHaveDuplicates();
      assertThat(received.get(149)).isEqualTo("m149");
    }
  }

  @Test
  void anAnswerCutAtAMebibyteOfJsonLetsTheNextPollGetTheRest() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      for (int i = 0; i < 20; i++) {
        bus.send("alice", "bob", i + " " + "x".repeat(60_000), null);
      }

      Reply first = bus.get(recvQuery("bob", null, BigDecimal.ZERO, null, null));
      JsonNode rest =
          bus.get(recvQuery("bob", null, nextSince(BigDecimal.ZERO, first.json()), null, null))
              .json();

      assertThat(first.text().getBytes(StandardCharsets.UTF_8).length).isLessThan(1 << 20);
      assertThat(bodies(first.json())).hasSizeBetween(1, 19);
      List<String> received = new ArrayList<>(bodies(first.json()));
      received.addAll(bodies(rest));
      assertThat(received)
          .extracting(body -> body.substring(0, body.indexOf(' ')))
          .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(String::valueOf).toList());
    }
  }

  @Test
  void aNowAfterAnEmptyAnswerNeverSkipsALaterMessage() {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      BusHttp bus = new BusHttp(server.url());
      JsonNode empty = bus.get(recvQuery("bob", null, null, null, null)).json();
      BigDecimal since = nextSince(BigDecimal.ZERO, empty);

      bus.send("alice", "bob", "later", null);

      assertThat(bodies(bus.get(recvQuery("bob", null, since, null, null)).json()))
          .containsExactly("later");
    }
  }

  private static String tsText(String ackJson) {
    int start = ackJson.indexOf("\"ts\":") + 5;
    return ackJson.substring(start, ackJson.indexOf(',', start));
  }
}
