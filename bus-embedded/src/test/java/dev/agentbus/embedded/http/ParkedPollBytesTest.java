package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RunningBus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parked polls hold their names and request heads while they wait; together they count against a
 * cap in bytes, so that many polls with long names cannot exhaust the heap.
 */
class ParkedPollBytesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Each poll below holds about 50,000 bytes: two fit under the cap, a third does not. */
  private static final long CAP = 120_000;

  @RegisterExtension
  final RunningBus bus = RunningBus.configured(builder -> builder.maxPollBytesInFlight(CAP));

  @Test
  void aPollPastTheCapIsA503AndAnAnsweredPollGivesItsBytesBack() throws Exception {
    CompletableFuture<Reply> first = bus.http().getAsync(longPoll("a"));
    CompletableFuture<Reply> second = bus.http().getAsync(longPoll("b"));
    assertThat(bus.server().awaitParkedPolls(2, WAIT)).isTrue();

    Reply third = bus.http().get(longPoll("c"));

    assertThat(third.status()).isEqualTo(503);
    assertThat(third.error()).contains("too many parked polls").contains("retry shortly");
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");

    bus.http().send("alice", name("a"), "wake up", "c-1");
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
    CompletableFuture<Reply> fourth = bus.http().getAsync(longPoll("d"));
    assertThat(bus.server().awaitParkedPolls(2, WAIT)).isTrue();
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
