package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.ArmedClock;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.RunningBus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever fails inside the bus, a client gets a JSON answer; a fatal error on any bus thread fails
 * the bus loudly instead of leaving it half alive.
 */
class FailureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ArmedClock clock = new ArmedClock();
  @RegisterExtension final RunningBus bus = RunningBus.configured(builder -> builder.clock(clock));

  @Test
  void anExceptionInAHandlerIsAJournaledJson500() {
    clock.failNextReading(() -> new IllegalStateException("clock broke"));

    Reply reply = bus.http().send("alice", "bob", "x", null);

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.error())
        .contains("internal error in the bus: java.lang.IllegalStateException: clock broke");
    RequestRejected journaled = (RequestRejected) bus.server().journal().entries().get(0);
    assertThat(journaled.status()).isEqualTo(500);
    assertThat(journaled.endpoint()).isEqualTo("/send");
    assertThat(bus.server().failure()).isEmpty();
    assertThat(bus.http().send("alice", "bob", "x", null).status()).isEqualTo(200);
  }

  @Test
  void anExceptionInADispatchedPollIsAJson500() {
    clock.failNextReading(() -> new IllegalStateException("clock broke"));

    Reply reply = bus.http().get("/recv?to=bob");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.error()).contains("java.lang.IllegalStateException: clock broke");
  }

  @Test
  void aRequestWhileTheBusStopsIsAJson503() throws Exception {
    try (RawHttp inFlight = new RawHttp(bus.server().url(), WAIT)) {
      // A body that never comes keeps one request in flight, so stopping waits for it; the 100
      // Continue says the request has reached the bus.
      inFlight.write(
          "POST", "/send", "Content-Length: 100\r\nExpect: 100-continue\r\n", new byte[0]);
      assertThat(inFlight.read().status()).isEqualTo(100);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(bus.server()::close);
      Reply refused = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int i = 0; i < 10_000 && System.nanoTime() < deadline && refused == null; i++) {
        Reply reply = bus.http().get("/healthz");
        if (reply.status() != 200) {
          refused = reply;
        }
      }

      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.error()).contains("the bus is stopping");
      stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void anOutOfMemoryErrorOnAnIoThreadFailsTheBusAndEveryLaterRequestIsA503() {
    AtomicReference<String> reported = new AtomicReference<>();
    bus.server().onFailure(reported::set);
    clock.failNextReading(() -> new OutOfMemoryError("simulated"));

    Reply reply = bus.http().send("alice", "bob", "x", null);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(bus.server().failure()).containsInstanceOf(OutOfMemoryError.class);
    assertThat(reported.get()).startsWith("java.lang.OutOfMemoryError: simulated on thread ");
    Reply later = bus.http().get("/healthz");
    assertThat(later.status()).isEqualTo(503);
    assertThat(later.error())
        .contains("the bus failed (java.lang.OutOfMemoryError: simulated")
        .contains("restart it");
  }

  @Test
  void anOutOfMemoryErrorOnTheTimerFailsTheBusAndAnswersTheOtherParkedPolls() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    AtomicReference<String> reported = new AtomicReference<>();
    AgentBusServer timed =
        AgentBusServer.builder().clock(clock).recvTimeout(Duration.ofSeconds(2)).start();
    CompletableFuture<Reply> expiring;
    try {
      timed.onFailure(
          line -> {
            reported.set(line);
            failed.countDown();
          });
      BusHttp timedBus = new BusHttp(timed.url());
      expiring = timedBus.getAsync("/recv?to=bob&block=true");
      assertThat(timed.awaitParkedPolls(1, WAIT)).isTrue();
      CompletableFuture<Reply> waiting = timedBus.getAsync("/recv?to=carol&block=true");
      assertThat(timed.awaitParkedPolls(2, WAIT)).isTrue();
      clock.failNextReading(() -> new OutOfMemoryError("simulated on the timer"));

      assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(reported.get())
          .isEqualTo(
              "java.lang.OutOfMemoryError: simulated on the timer on thread agent-bus-timer");
      assertThat(timed.failure()).isPresent();
      // A poll parked before the failure is answered at once, not left to hang.
      Reply answered = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(answered.status()).isIn(200, 503);
    } finally {
      timed.close();
    }
    // The poll whose answer the error broke ends with the failed bus's close, never hangs.
    assertThat(expiring).failsWithin(WAIT);
  }
}
