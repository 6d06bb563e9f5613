package dev.agentbus.embedded.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /_bus/faults/restart} and {@code /_bus/faults/wire} refuse a body they cannot use with a
 * 4xx JSON error naming the problem, and the bus keeps serving.
 */
class RestartAndWireFaultsOverHttpTest {

  private final AgentBusServer server = AgentBusServer.builder().start();
  private final BusHttp admin = new BusHttp(server.url());
  private final BusHttp agents = new BusHttp(URI.create(server.url() + "/ns/t"));

  @BeforeEach
  void createNamespace() {
    agents.send("a", "b", "hi", null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aWellFormedRestartIsAnsweredWithWhatItDid() {
    Reply restarted =
        admin.methodWithBody(
            "POST", "/ns/t/_bus/faults/restart", "{\"queues\": \"lost\", \"downFor\": \"250ms\"}");

    assertThat(restarted.status()).isEqualTo(200);
    assertThat(restarted.json().get("queues").asText()).isEqualTo("lost");
    assertThat(restarted.json().get("pollsCut").asInt()).isZero();
    assertThat(restarted.json().get("downFor").decimalValue()).isEqualByComparingTo("0.25");
  }

  @Test
  void aWellFormedWireFaultIsAnswered200() {
    Reply recorded =
        admin.methodWithBody(
            "POST",
            "/ns/t/_bus/faults/wire",
            "{\"agent\": \"a\", \"request\": \"POST /send\", \"fault\": \"status 503\"}");

    assertThat(recorded.status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"queues\": \"kept\"} | field \"downFor\" is required",
        "{\"downFor\": \"1s\"} | field \"queues\" is required",
        "{\"queues\": \"gone\", \"downFor\": \"1s\"} | field \"queues\" must be \"kept\" or"
            + " \"lost\", got 'gone'",
        "{\"queues\": \"kept\", \"downFor\": \"soon\"} | field \"downFor\" must be a duration"
            + " above 0",
        "{\"queues\": \"kept\", \"downFor\": true} | field \"downFor\" is required",
        "{\"queues\": \"kept\", \"downFor\": \"61s\"} | downFor must be above 0 and at most 60"
            + " seconds, got 61000 ms",
        "{\"queues\": \"kept\", \"downFor\": \"1s\", \"for\": 2} | unknown field \"for\" in a"
            + " restart",
        "{\"queues\": 1, \"downFor\": \"1s\"} | field \"queues\" must be a string",
        "[1] | a restart must be a JSON object",
        "{\"queues\": | a restart must be valid JSON"
      })
  void aMalformedRestartIsRefusedWith400NamingTheProblem(String json, String error) {
    Reply refused = admin.methodWithBody("POST", "/ns/t/_bus/faults/restart", json);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains(error);
    assertThat(agents.send("a", "b", "still served", null).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"agent\": \"a\", \"fault\": \"status 503\"} | request must be a text that is not blank",
        "{\"request\": \"POST /send\"} | fault must be a text that is not blank",
        "{\"request\": \"POST /send\", \"fault\": 503} | field \"fault\" must be a string",
        "{\"request\": \"POST /send\", \"fault\": \"reset\", \"when\": 1} | unknown field \"when\""
            + " in a wire fault",
        "\"reset\" | a wire fault must be a JSON object",
        "{ | a wire fault must be valid JSON"
      })
  void aMalformedWireFaultIsRefusedWith400NamingTheProblem(String json, String error) {
    Reply refused = admin.methodWithBody("POST", "/ns/t/_bus/faults/wire", json);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains(error);
    assertThat(agents.send("a", "b", "still served", null).status()).isEqualTo(200);
  }

  @Test
  void aWireFaultLargerThanFourKibibytesIsRefusedWith413() {
    Reply refused =
        admin.methodWithBody(
            "POST",
            "/ns/t/_bus/faults/wire",
            "{\"request\": \"POST /send\", \"fault\": \"" + "x".repeat(5_000) + "\"}");

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.error()).contains("wire-fault fields are at most 4096 bytes of JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/ns/t/_bus/faults/restart", "/ns/t/_bus/faults/wire", "/ns/t/_bus/faults"})
  void aBodyDeclaredLargerThanTheBusWouldEverReadIsRefusedWith413AtOnce(String path)
      throws Exception {
    try (RawHttp raw = new RawHttp(server.url(), Duration.ofSeconds(30))) {
      raw.write(
          "POST",
          path,
          "Content-Type: application/json\r\nContent-Length: 2147483648\r\n",
          "{".getBytes(StandardCharsets.US_ASCII));
      RawHttp.Response refused = raw.read();

      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.body()).contains("are at most").contains("declares 2147483648");
    }
    assertThat(agents.send("a", "b", "still served", null).status()).isEqualTo(200);
  }

  @Test
  void aRestartOfANamespaceThatDoesNotExistIs404() {
    Reply refused =
        admin.methodWithBody(
            "POST", "/ns/none/_bus/faults/restart", "{\"queues\": \"kept\", \"downFor\": 1}");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.error()).contains("there is no namespace 'none'");
  }

  @Test
  void aGetOfTheRestartPathIsRefusedWith405() {
    Reply refused = admin.get("/ns/t/_bus/faults/restart");

    assertThat(refused.status()).isEqualTo(405);
    assertThat(refused.headers().firstValue("Allow")).hasValue("POST");
  }
}
