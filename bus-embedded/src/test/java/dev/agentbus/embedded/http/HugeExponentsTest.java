package dev.agentbus.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A number with a huge exponent is a few bytes to send and billions of digits to write out or to
 * round: each such duration is refused with a 400 naming it, at once, and the bus keeps serving.
 * Before, {@code 1e999999999} in a JSON body exhausted the heap and ended the bus, and {@code
 * timeout=1e-99999999} held a thread for minutes.
 */
class HugeExponentsTest {

  private final AgentBusServer server = AgentBusServer.builder().start();
  private final BusHttp admin = new BusHttp(server.url());

  @BeforeEach
  void createNamespace() {
    new BusHttp(URI.create(server.url() + "/ns/t")).send("a", "b", "hi", null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999", "-1e999999999"})
  void aRestartDownForAHugeExponentIsRefused(String number) {
    Reply refused =
        admin.methodWithBody(
            "POST",
            "/ns/t/_bus/faults/restart",
            "{\"queues\": \"kept\", \"downFor\": " + number + "}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains("downFor");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999"})
  void aNamespaceOptionOfAHugeExponentIsRefused(String number) {
    Reply refused =
        admin.methodWithBody("PUT", "/ns/u/_bus/namespace", "{\"recvTimeout\": " + number + "}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains("recvTimeout");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ns/t/_bus/polls?timeout=1e-99999999",
        "/ns/t/_bus/parked?timeout=1e-99999999",
        "/ns/t/_bus/journal?block=true&timeout=1e-99999999"
      })
  void aWaitOfAHugeNegativeExponentIsRefused(String pathAndQuery) {
    Reply refused = admin.get(pathAndQuery);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains("\"timeout\"").contains("9 digits after the point");
    assertStillServing();
  }

  private void assertStillServing() {
    assertThat(admin.get("/healthz").status()).isEqualTo(200);
  }
}
