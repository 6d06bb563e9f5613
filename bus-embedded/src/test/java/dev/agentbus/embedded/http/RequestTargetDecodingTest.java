package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.testing.Rejections;
import dev.agentbus.embedded.testing.RunningBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bus decodes the request path and query itself: names in UTF-8 arrive whole however the client
 * escaped them, and an escape that does not decode to UTF-8 is refused rather than replaced.
 */
class RequestTargetDecodingTest {

  @RegisterExtension final RunningBus bus = RunningBus.withDefaults();

  @Test
  void aPercentEncodedUtf8NameReachesItsRecipient() {
    bus.http().send("alice", "café", "bonjour", null);

    Reply reply = bus.http().get("/recv?to=caf%C3%A9&timeout=0");

    assertThat(bodies(reply.json())).containsExactly("bonjour");
  }

  @Test
  void aNameSentAsRawUtf8BytesReachesItsRecipient() throws Exception {
    bus.http().send("alice", "café", "bonjour", null);
    String rawBytes =
        new String(
            "/recv?to=café&timeout=0".getBytes(StandardCharsets.UTF_8),
            StandardCharsets.ISO_8859_1);

    try (RawHttp raw = new RawHttp(bus.server().url(), Duration.ofSeconds(10))) {
      RawHttp.Response response = raw.exchange(rawBytes);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).contains("bonjour");
    }
  }

  @Test
  void aPlusInTheQueryIsASpaceAndAnEscapedPlusIsAPlus() {
    bus.http().send("alice", "bob smith", "to the space", null);
    bus.http().send("alice", "bob+smith", "to the plus", null);

    assertThat(bodies(bus.http().get("/recv?to=bob+smith&timeout=0").json()))
        .containsExactly("to the space");
    assertThat(bodies(bus.http().get("/recv?to=bob%2Bsmith&timeout=0").json()))
        .containsExactly("to the plus");
  }

  @Test
  void anEscapedQueryValueThatIsNotUtf8IsRefusedNamingIt() {
    Reply reply = bus.http().get("/recv?to=bob%FF&timeout=0");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error())
        .isEqualTo(
            "query parameter value 'to=bob%FF' cannot be decoded: the decoded bytes are not UTF-8"
                + " (percent-encode text as UTF-8)");
    assertThat(bus.server().journal().entries())
        .filteredOn(RequestRejected.class::isInstance)
        .hasSize(1);
  }

  @Test
  void anEscapedNamespaceIdThatIsNotUtf8IsRefusedAndJournaledAtTheRoot() throws Exception {
    Reply reply = bus.http().get("/ns/t%FF/recv?to=bob&timeout=0");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).startsWith("the request path cannot be decoded: ");
    RequestRejected rejected = Rejections.first(bus.server().journal());
    assertThat(rejected.endpoint()).isEqualTo("/ns/t%FF/recv");
    assertThat(bus.server().namespaces()).isEmpty();
  }

  @Test
  void anEscapedNamespaceIdIsTheSameNamespace() {
    bus.http().send("alice", "bob", "at the root", null);
    bus.http("t-1").send("alice", "bob", "in t-1", null);

    Reply reply = bus.http().get("/ns/t%2D1/recv?to=bob&timeout=0");

    assertThat(bodies(reply.json())).containsExactly("in t-1");
  }
}
