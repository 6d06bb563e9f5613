package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RequestLogLines;
import dev.agentbus.embedded.testing.RunningBus;
import dev.agentbus.embedded.testing.StalledReader;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading its answer and keeps its connection open loses the connection after
 * the idle timeout, and the bytes its answer held come back.
 */
class UnreadAnswerTest {

  private static final String PAGE = "/_bus/journal?from=1&max=10000";

  private final RequestLogLines log = new RequestLogLines();

  @RegisterExtension
  final RunningBus bus =
      RunningBus.configured(
          builder ->
              builder
                  .idleTimeout(Duration.ofSeconds(1))
                  .maxAdminBytesInFlight(6_000_000)
                  .requestLog(log));

  /** Enough queued bytes that a journal page does not fit in the socket's buffers. */
  @BeforeEach
  void fillTheJournal() {
    BusHttp agent = bus.http("t");
    for (int i = 0; i < 80; i++) {
      assertThat(agent.send("alice", "bob", "x".repeat(60_000), "c").status()).isEqualTo(200);
    }
  }

  @Test
  void anAnswerItsClientStopsReadingIsGivenUpAfterTheIdleTimeout() throws Exception {
    try (StalledReader stalled =
        new StalledReader(bus.server().namespaceUrl("t"), "/ns/t" + PAGE)) {
      assertThat(stalled.status()).isEqualTo("HTTP/1.1 200");

      // The connection stays open on this side; the bus ends the exchange on its own.
      String line = log.await(PAGE + " 200", Duration.ofSeconds(10));

      assertThat(line).as("request log line of the unread answer").isNotNull();
    }
    assertThat(bus.http("t").get(PAGE).status()).isEqualTo(200);
  }
}
