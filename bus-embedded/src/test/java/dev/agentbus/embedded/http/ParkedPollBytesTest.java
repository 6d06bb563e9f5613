package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parked polls hold their names and request heads while they wait; together they count against a
 * cap in bytes, so that many polls with long names cannot exhaust the heap.
 */
class ParkedPollBytesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Each poll below holds about 50,000 bytes: two fit under the cap, a third does not. */
  private static final long CAP = 120_000;

  private AgentBusServer server;
  private BusHttp bus;

  @BeforeEach
  void start() {
    server = AgentBusServer.builder().maxPollBytesInFlight(CAP).start();
    bus = new BusHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPollPastTheCapIsA503AndAnAnsweredPollGivesItsBytesBack() throws Exception {
    CompletableFuture<Reply> first = bus.getAsync(longPoll("a"));
    CompletableFuture<Reply> second = bus.getAsync(longPoll("b"));
    assertThat(server.awaitParkedPolls(2, WAIT)).isTrue();

    Reply third = bus.get(longPoll("c"));

    assertThat(third.status()).isEqualTo(503);
    assertThat(third.error()).contains("too many parked polls").contains("retry shortly");
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");

    bus.send("alice", name("a"), "wake up", "c-1");
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
    CompletableFuture<Reply> fourth = bus.getAsync(longPoll("d"));
    assertThat(server.awaitParkedPolls(2, WAIT)).isTrue();
    assertThat(fourth).isNotDone();
    assertThat(second).isNotDone();
  }

  private static String longPoll(String who) {
    return "/recv?to=" + name(who) + "&channel=c-1&block=true&timeout=30";
  }

  /** A name of 16,000 characters: a poll for it holds about 50,000 bytes. */
  private static String name(String who) {
    return who + "x".repeat(16_000);
  }
}
