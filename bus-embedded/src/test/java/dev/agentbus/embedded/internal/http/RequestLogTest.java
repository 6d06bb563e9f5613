package dev.agentbus.embedded.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The request log never blocks the bus: a stuck consumer costs dropped lines, counted. */
class RequestLogTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aStuckLogConsumerDoesNotStallRequests() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (AgentBusServer server =
        AgentBusServer.builder()
            .ioThreads(2)
            .requestLog(
                line -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })
            .start()) {
      BusHttp bus = new BusHttp(server.url());
      try {
        List<CompletableFuture<BusHttp.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          replies.add(bus.getAsync("/healthz"));
        }
        for (CompletableFuture<BusHttp.Reply> reply : replies) {
          assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        }
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void linesBeyondTheQueueAreDroppedCountedAndReported() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<String> written = new LinkedBlockingQueue<>();
    RequestLog log =
        new RequestLog(
            Thread.currentThread().getThreadGroup(),
            line -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              written.add(line);
            },
            2);
    for (int i = 0; i < Warmup.REQUESTS; i++) {
      log.accept("a warm-up request, never logged");
    }
    log.start(true);
    try {
      log.accept("first");
      assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      for (String line : List.of("a", "b", "c", "d", "e")) {
        log.accept(line); // the consumer holds "first"; two fit in the queue
      }

      assertThat(log.dropped()).isEqualTo(3);
      release.countDown();
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        lines.add(written.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertThat(lines)
          .containsExactly(
              "first",
              "a",
              "b",
              "agent-bus: 3 request log lines dropped: the log output did not keep up");
    } finally {
      release.countDown();
      log.close();
    }
  }

  @Test
  void controlCharactersInTheRequestLineCannotForgeLogLines() throws Exception {
    BlockingQueue<String> written = new LinkedBlockingQueue<>();
    try (AgentBusServer server = AgentBusServer.builder().requestLog(written::add).start()) {
      new BusHttp(server.url()).get("/x%0A12:00:00.000%20GET%20/healthz%20200?q=%0A");

      assertThat(written.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .startsWith("GET /x\\n12:00:00.000 GET /healthz 200?q=%0A 404 ");
    }
  }
}
