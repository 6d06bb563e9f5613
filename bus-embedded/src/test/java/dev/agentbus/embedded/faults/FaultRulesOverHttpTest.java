package dev.agentbus.embedded.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /_bus/faults} refuses what it cannot apply with a JSON error that names the fix. */
class FaultRulesOverHttpTest {

  private final AgentBusServer server = AgentBusServer.builder().start();
  private final BusHttp admin = new BusHttp(server.url());

  @AfterEach
  void stop() {
    server.close();
  }

  private Reply post(String json) {
    return admin.methodWithBody("POST", "/ns/t/_bus/faults", json);
  }

  @Test
  void aWellFormedRuleIsAddedAndEchoed() {
    new BusHttp(java.net.URI.create(server.url() + "/ns/t")).send("a", "b", "hi", null);

    Reply added =
        post("{\"fault\": \"holdBack\", \"every\": 3, \"to\": \"bob\", \"holdForMillis\": 500}");

    assertThat(added.status()).isEqualTo(200);
    assertThat(added.json().get("rule").toString())
        .isEqualTo("{\"fault\":\"holdBack\",\"every\":3,\"to\":\"bob\",\"holdForMillis\":500}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"fault\": \"drop\", \"next\": 1, \"too\": \"bob\"} | unknown field 'too'",
        "{\"fault\": \"drop\", \"next\": 0} | next must be a whole number from 1 to 1000000, got 0",
        "{\"fault\": \"drop\", \"every\": 2000000} | every must be a whole number from 1 to 1000000",
        "{\"fault\": \"drop\", \"probability\": 1.5, \"seed\": 1} | probability must be 0 to 1, got"
            + " 1.5",
        "{\"fault\": \"drop\", \"probability\": 0.5} | seed goes with probability",
        "{\"fault\": \"drop\"} | exactly one of next, every or probability, got 0",
        "{\"fault\": \"drop\", \"next\": 1, \"every\": 2} | exactly one of next, every or"
            + " probability, got 2",
        "{\"fault\": \"explode\", \"next\": 1} | fault must be \"drop\", \"duplicate\" or"
            + " \"holdBack\", got \"explode\"",
        "{\"fault\": \"holdBack\", \"next\": 1} | a holdBack rule needs holdForMillis",
        "{\"fault\": \"holdBack\", \"next\": 1, \"holdForMillis\": 3600001} | holdFor must be at"
            + " most 60 minutes",
        "{\"fault\": \"drop\", \"next\": 1, \"holdForMillis\": 5} | holdFor applies to held-back"
            + " messages only",
        "{\"fault\": \"drop\", \"next\": 1, \"to\": 7} | to must be an agent's name as a string",
        "[1, 2] | a fault rule must be a JSON object, got a JSON array",
        "{\"fault\": | a fault rule must be valid JSON"
      })
  void aMalformedRuleIsRefusedWith400NamingTheProblem(String json, String error) {
    BusHttp agents = new BusHttp(java.net.URI.create(server.url() + "/ns/t"));
    agents.send("a", "b", "hi", null);

    Reply refused = post(json);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains(error);
    assertThat(agents.send("a", "b", "still served", null).status()).isEqualTo(200);
  }

  @Test
  void aRuleLargerThanFourKibibytesIsRefusedWith413() {
    new BusHttp(java.net.URI.create(server.url() + "/ns/t")).send("a", "b", "hi", null);

    Reply refused =
        post("{\"fault\": \"drop\", \"next\": 1, \"to\": \"" + "b".repeat(5000) + "\"}");

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.error()).contains("fault rules are at most 4096 bytes of JSON");
  }

  @Test
  void the33rdRuleIsRefusedWith409() {
    new BusHttp(java.net.URI.create(server.url() + "/ns/t")).send("a", "b", "hi", null);
    for (int i = 0; i < InBusFaults.MAX_RULES; i++) {
      assertThat(post("{\"fault\": \"drop\", \"next\": 1}").status()).isEqualTo(200);
    }

    Reply refused = post("{\"fault\": \"drop\", \"next\": 1}");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.error()).contains("at most 32 fault rules");
  }

  @Test
  void aGetIsRefusedWith405NamingTheMethodsTaken() {
    new BusHttp(java.net.URI.create(server.url() + "/ns/t")).send("a", "b", "hi", null);

    Reply refused = admin.get("/ns/t/_bus/faults");

    assertThat(refused.status()).isEqualTo(405);
    assertThat(refused.headers().firstValue("Allow")).hasValue("POST, DELETE");
    assertThat(refused.error())
        .isEqualTo("GET /_bus/faults is not supported; use POST or DELETE /_bus/faults");
  }

  @Test
  void faultsOfANamespaceThatDoesNotExistAre404() {
    Reply refused = post("{\"fault\": \"drop\", \"next\": 1}");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.error()).contains("there is no namespace 't'");
  }
}
