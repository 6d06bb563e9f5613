package dev.agentbus.embedded.report;

import static dev.agentbus.embedded.report.ReportPages.at;
import static dev.agentbus.embedded.report.ReportPages.data;
import static dev.agentbus.embedded.report.ReportPages.rawData;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.BusHttp.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a report page's data says of the faults a test injected through a namespace's {@code
 * faults()}: each message as its agents experienced it, and restarts and wire faults in order with
 * the messages.
 */
class HtmlReportFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final AgentBusServer server = AgentBusServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private BusNamespace namespace(String id) {
    return server.createNamespace(id, NamespaceOptions.defaults());
  }

  private static JsonNode pageData(BusNamespace namespace) {
    return data(html(namespace));
  }

  private static String html(BusNamespace namespace) {
    return HtmlReport.of(
            namespace.id(), namespace.options().channellessRecv(), namespace.snapshot())
        .html();
  }

  private static List<JsonNode> events(JsonNode data, String kind) {
    return StreamSupport.stream(data.get("events").spliterator(), false)
        .filter(event -> event.get("k").asText().equals(kind))
        .toList();
  }

  private static JsonNode style(JsonNode data, String status) {
    return StreamSupport.stream(data.at("/meta/statuses").spliterator(), false)
        .filter(style -> style.get("status").asText().equals(status))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMessageDroppedOnPurposeIsDrawnAsAFaultAndNotCountedLost() {
    BusNamespace namespace = namespace("drop");
    namespace.faults().next(1).to("bob").drop();

    new BusHttp(namespace.url()).send("alice", "bob", "dropped", "c");

    JsonNode data = pageData(namespace);
    JsonNode message = events(data, "m").get(0);
    assertThat(message.get("st").asText()).isEqualTo("DROPPED_BY_FAULT");
    assertThat(message.at("/fx/0/k").asText()).isEqualTo("dropped");
    assertThat(data.at("/meta/totals/lost").asInt()).isZero();
    assertThat(data.at("/meta/totals/faulted").asInt()).isEqualTo(1);
    JsonNode style = style(data, "DROPPED_BY_FAULT");
    assertThat(style.get("label").asText()).isEqualTo("dropped by a fault, on purpose");
    assertThat(style.get("fault").asBoolean()).isTrue();
    assertThat(style.get("lost").asBoolean()).isFalse();
  }

  @Test
  void theFaultStylesDifferFromEachOtherAndFromEveryBusFailure() {
    JsonNode statuses = pageData(namespace("styles")).at("/meta/statuses");

    List<String> looks = new ArrayList<>();
    List<String> faultHeads = new ArrayList<>();
    for (JsonNode style : statuses) {
      looks.add(style.get("color").asText());
      looks.add("dash " + style.get("dash").asText());
      looks.add("tag " + style.get("tag").asText());
      if (style.get("fault").asBoolean()) {
        faultHeads.add(style.get("head").asText());
      }
    }
    assertThat(looks).doesNotHaveDuplicates();
    assertThat(faultHeads).containsExactly("bar", "pause", "ring");
  }

  @Test
  void aHeldBackMessageSaysUntilWhenItIsHeld() {
    BusNamespace namespace = namespace("hold");
    namespace.faults().next(1).holdBack(FaultRule.MAX_HOLD);

    Reply sent = new BusHttp(namespace.url()).send("alice", "bob", "late", "c");

    JsonNode message = events(pageData(namespace), "m").get(0);
    assertThat(message.get("st").asText()).isEqualTo("HELD_BACK");
    assertThat(message.at("/fx/0/k").asText()).isEqualTo("heldBack");
    assertThat(message.at("/fx/0/ts").decimalValue())
        .isEqualByComparingTo(sent.ts().add(BigDecimal.valueOf(FaultRule.MAX_HOLD.toMillis(), 3)));
  }

  @Test
  void aReleasedMessageSaysTheTimestampItWasQueuedUnder() throws Exception {
    BusNamespace namespace = namespace("release");
    namespace.faults().next(1).holdBack(Duration.ofMillis(20));

    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "late", "c");
    MessageReleased released =
        namespace.journal().awaitEntry(1, MessageReleased.class, entry -> true, WAIT).orElseThrow();
    agents.get(recvQuery("bob", "c", null, false, null));

    JsonNode message = events(pageData(namespace), "m").get(0);
    assertThat(message.get("st").asText()).isEqualTo("DELIVERED");
    assertThat(message.at("/fx/0/k").asText()).isEqualTo("heldBack");
    assertThat(message.at("/fx/1/k").asText()).isEqualTo("released");
    assertThat(message.at("/fx/1/ts").decimalValue()).isEqualByComparingTo(released.queuedTs());
  }

  @Test
  void aDuplicatedMessageCarriesItsCopysTimestamp() {
    BusNamespace namespace = namespace("duplicate");
    namespace.faults().every(1).duplicate();
    BusHttp agents = new BusHttp(namespace.url());

    agents.send("alice", "bob", "twice", "c");
    agents.get(recvQuery("bob", "c", null, false, null));

    JsonNode data = pageData(namespace);
    JsonNode message = events(data, "m").get(0);
    MessageDuplicated copy =
        namespace.journal().entries().stream()
            .filter(MessageDuplicated.class::isInstance)
            .map(MessageDuplicated.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(message.get("st").asText()).isEqualTo("DELIVERED");
    assertThat(message.get("r")).hasSize(2);
    assertThat(message.at("/fx/0/k").asText()).isEqualTo("duplicated");
    assertThat(message.at("/fx/0/ts").decimalValue()).isEqualByComparingTo(copy.copyTs());
    assertThat(data.at("/meta/totals/duplicated").asInt()).isEqualTo(1);
    assertThat(data.at("/meta/totals/faulted").asInt()).isEqualTo(1);
  }

  @Test
  void aRestartIsAnIncidentAfterTheMessagesItLostInJournalOrder() {
    BusNamespace namespace = namespace("restart");
    BusHttp agents = new BusHttp(namespace.url());
    agents.send("alice", "bob", "unread", "c");

    namespace.faults().restart(RestartQueues.LOST, Duration.ofMillis(300));

    JsonNode data = pageData(namespace);
    JsonNode events = data.get("events");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("st").asText()).isEqualTo("LOST_IN_RESTART");
    assertThat(events.get(0).at("/fx/0/k").asText()).isEqualTo("lostInRestart");
    JsonNode restart = events.get(1);
    assertThat(restart.get("k").asText()).isEqualTo("x");
    assertThat(restart.get("q").asText()).isEqualTo("LOST");
    assertThat(restart.get("n").asInt()).isEqualTo(1);
    assertThat(restart.get("pc").asInt()).isZero();
    assertThat(restart.get("dm").asLong()).isEqualTo(300);
    assertThat(data.at("/meta/totals/restarts").asInt()).isEqualTo(1);
    assertThat(data.at("/meta/totals/lost").asInt()).isZero();
  }

  @Test
  void aWireFaultIsOnItsAgentsLifelineOrOnNoneWhenTheAgentIsNotKnown() {
    BusNamespace namespace = namespace("wire");
    new BusHttp(namespace.url()).send("alice", "bob", "before", "c");

    namespace.faults().recordWireFault("bob", "GET /recv", "connection reset");
    namespace.faults().recordWireFault(null, "POST /send", "status 503");

    JsonNode data = pageData(namespace);
    List<JsonNode> wire = events(data, "v");
    assertThat(data.get("agents").get(wire.get(0).get("a").asInt()).asText()).isEqualTo("bob");
    assertThat(wire.get(0).get("rq").asText()).isEqualTo("GET /recv");
    assertThat(wire.get(0).get("fl").asText()).isEqualTo("connection reset");
    assertThat(wire.get(1).get("a").isNull()).isTrue();
    assertThat(data.get("events").get(0).get("k").asText()).isEqualTo("m");
    assertThat(data.at("/meta/totals/wireFaults").asInt()).isEqualTo(2);
  }

  @Test
  void markupInAWireFaultsAgentAndTextCannotEndTheScript() {
    BusNamespace namespace = namespace("wire-markup");
    String agent = "<b>mallory</b>";
    String fault = "</script><img src=x onerror=alert(1)> & more";

    namespace.faults().recordWireFault(agent, "GET /recv", fault);

    String html = html(namespace);
    assertThat(rawData(html)).doesNotContain("<", ">", "&");
    JsonNode data = data(html);
    assertThat(data.get("agents").get(0).asText()).isEqualTo(agent);
    assertThat(events(data, "v").get(0).get("fl").asText()).isEqualTo(fault);
  }

  @Test
  void aPageShowsTheNewestIncidentsUpToItsBoundAndCountsTheRest() {
    List<JournalEntry> entries = new ArrayList<>();
    int count = HtmlReport.MAX_INCIDENTS + 5;
    for (int i = 1; i <= count; i++) {
      entries.add(new WireFaultInjected(i, at(i), "bob", "GET /recv", "reset " + i));
    }

    JsonNode data = data(ReportPages.page(entries.toArray(JournalEntry[]::new)));

    assertThat(data.get("events")).hasSize(HtmlReport.MAX_INCIDENTS);
    assertThat(data.at("/events/0/fl").asText()).isEqualTo("reset 6");
    assertThat(data.at("/meta/leftOut/incidents").asInt()).isEqualTo(5);
  }

  @Test
  void anIncidentOlderThanTheByteBoundAllowsIsLeftOutAndCounted() {
    List<JournalEntry> entries = new ArrayList<>();
    entries.add(new WireFaultInjected(1, at(1), "bob", "GET /recv", "oldest"));
    String body = "é".repeat(HtmlReport.MAX_BODY_CHARS);
    int count = (int) (HtmlReport.MAX_BYTES / HtmlReport.MAX_BODY_CHARS);
    for (int i = 2; i <= count + 1; i++) {
      entries.add(ReportPages.sent(i, "alice", "bob", "c", body));
    }
    // The newest incidents take about 3 MB: the messages and the oldest incident make way.
    String fault = "é".repeat(ReportData.MAX_NAME_CHARS);
    for (int i = 1; i < HtmlReport.MAX_INCIDENTS; i++) {
      long seq = count + 1 + i;
      entries.add(new WireFaultInjected(seq, at(seq), "bob", "GET /recv", fault));
    }

    String html = ReportPages.page(entries.toArray(JournalEntry[]::new));

    assertThat((long) html.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(HtmlReport.MAX_BYTES);
    JsonNode data = data(html);
    assertThat(events(data, "v")).hasSize(HtmlReport.MAX_INCIDENTS - 1);
    assertThat(data.at("/meta/leftOut/messages").asInt()).isPositive();
    assertThat(data.at("/meta/leftOut/incidents").asInt()).isEqualTo(1);
  }

  @Test
  void aPageMadeFromAReportAloneCountsTheMessagesAFaultDecidedAndItsIncidents() {
    BusNamespace namespace = namespace("report-alone");
    namespace.faults().next(1).drop();
    new BusHttp(namespace.url()).send("alice", "bob", "dropped", "c");
    namespace.faults().recordWireFault("bob", "GET /recv", "connection reset");

    JsonNode data = data(HtmlReport.of(namespace.traffic()).html());

    assertThat(data.at("/meta/totals/faulted").asInt()).isEqualTo(1);
    assertThat(events(data, "m").get(0).has("fx")).isFalse();
    assertThat(events(data, "v")).hasSize(1);
  }
}
