package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.RunningBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No connection can be held open for ever by a request that never completes, or by none. */
class ConnectionTimeoutsTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  /** Far beyond the timeouts: a read that waits this long means the bus kept the connection. */
  private static final Duration NEVER = Duration.ofSeconds(10);

  @RegisterExtension
  final RunningBus bus =
      RunningBus.configured(
          builder ->
              builder
                  .bodyReadTimeout(TIMEOUT)
                  .idleTimeout(TIMEOUT)
                  .recvTimeout(Duration.ofSeconds(2)));

  @Test
  void aRequestWhoseHeadersStopHalfWayIsClosedAfterTheReadTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      raw.writeBytes(
          "GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Ag".getBytes(StandardCharsets.US_ASCII));

      long started = System.nanoTime();
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NEVER.dividedBy(2));
    }
  }

  @Test
  void aRequestLineWithoutAnHttpVersionIsClosedAfterTheReadTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      raw.writeBytes("GET /healthz\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      long started = System.nanoTime();
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NEVER.dividedBy(2));
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      assertThat(raw.exchange("/healthz").status()).isEqualTo(200);

      long started = System.nanoTime();
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NEVER.dividedBy(2));
    }
  }

  @Test
  void aRequestAnsweredWithoutReadingTheBodyItDeclaredIsClosedAfterItsAnswer() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      raw.write("GET", "/healthz", "Content-Length: 65536\r\n", new byte[0]);

      assertThat(raw.read().status()).isEqualTo(200);
      long started = System.nanoTime();
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NEVER.dividedBy(2));
    }
  }

  @Test
  void namespaceOptionsThatNeverArriveAreA408AfterTheReadTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      raw.write("PUT", "/ns/t-1/_bus/namespace", "Content-Length: 100\r\n", new byte[] {'{'});

      RawHttp.Response answer = raw.read();

      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.body()).contains("the namespace options did not arrive within 300 ms");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void aParkedPollLongerThanTheIdleTimeoutIsNotCut() throws Exception {
    try (RawHttp raw = new RawHttp(bus.server().url(), NEVER)) {
      raw.get("/recv?to=bob&block=true");
      assertThat(bus.server().awaitParkedPolls(1, NEVER)).isTrue();

      RawHttp.Response answer = raw.read(); // after the 2 s recv timeout, past the idle timeout

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).contains("\"messages\":[]");
    }
  }
}
