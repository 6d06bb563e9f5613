package dev.agentbus.embedded.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.NamespaceHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults a proxy in front of a namespace injected on the wire, as the test driving the proxy
 * reports them: journaled, counted and shown in the transcript in order with the traffic.
 */
class WireFaultsTest {

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private BusNamespace namespace(NamespaceHandle handle, String id) {
    return handle.create(server, id);
  }

  private static List<WireFaultInjected> wireFaults(BusNamespace namespace) {
    return namespace.journal().entries().stream()
        .filter(WireFaultInjected.class::isInstance)
        .map(WireFaultInjected.class::cast)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aWireFaultIsJournaledAndCounted(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "wire");

    namespace.faults().recordWireFault("alice", "POST /send", "connection reset");
    namespace.faults().recordWireFault(null, "GET /recv", "status 503");

    assertThat(wireFaults(namespace))
        .extracting(WireFaultInjected::agent, WireFaultInjected::request, WireFaultInjected::fault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "POST /send", "connection reset"),
            org.assertj.core.groups.Tuple.tuple(null, "GET /recv", "status 503"));
    assertThat(namespace.counts().wireFaults()).isEqualTo(2);
  }

  @Test
  void theJournalOverHttpNamesItsKindWireFault() {
    BusNamespace namespace = namespace(NamespaceHandle.EMBEDDED, "kind");
    namespace.faults().recordWireFault("alice", "POST /send", "connection reset");

    JsonNode entries = new BusHttp(namespace.url()).get("/_bus/journal").json().get("entries");

    assertThat(entries.get(0).get("kind").asText()).isEqualTo("wire-fault");
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void theTranscriptShowsAWireFaultInOrderWithTheMessages(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "order");
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "first", "c");
    namespace.faults().recordWireFault("alice", "POST /send", "connection reset");
    agents.send("alice", "bob", "second", "c");

    String transcript = namespace.transcript();

    int first = transcript.indexOf("first");
    int fault = transcript.indexOf("WIRE FAULT alice POST /send: connection reset");
    int second = transcript.indexOf("second");
    assertThat(first).isPositive();
    assertThat(fault).isGreaterThan(first);
    assertThat(second).isGreaterThan(fault);
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void eachTextIsKeptUpTo256BytesOfUtf8(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "bounded");

    namespace.faults().recordWireFault("é".repeat(300), "POST /send", "x".repeat(1_000));

    WireFaultInjected recorded = wireFaults(namespace).get(0);
    assertThat(recorded.agent().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(WireFaultInjected.MAX_TEXT_BYTES);
    assertThat(recorded.agent()).startsWith("éé").endsWith("…");
    assertThat(recorded.fault().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(WireFaultInjected.MAX_TEXT_BYTES);
    assertThat(recorded.request()).isEqualTo("POST /send");
  }

  @ParameterizedTest
  @EnumSource(NamespaceHandle.class)
  void aWireFaultWithoutRequestOrFaultIsRefusedNamingIt(NamespaceHandle handle) {
    BusNamespace namespace = namespace(handle, "refused");

    assertThatThrownBy(() -> namespace.faults().recordWireFault("alice", " ", "status 503"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request must be a text that is not blank");
    assertThatThrownBy(() -> namespace.faults().recordWireFault("alice", "POST /send", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fault must be a text that is not blank");
    assertThat(wireFaults(namespace)).isEmpty();
  }
}
