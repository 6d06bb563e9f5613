package dev.agentbus.embedded.report;

import static dev.agentbus.embedded.report.ReportPages.at;
import static dev.agentbus.embedded.report.ReportPages.data;
import static dev.agentbus.embedded.report.ReportPages.page;
import static dev.agentbus.embedded.report.ReportPages.poll;
import static dev.agentbus.embedded.report.ReportPages.rawData;
import static dev.agentbus.embedded.report.ReportPages.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.NamespaceView;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page as text: its data, its escaping and its bounds. */
class HtmlReportTest {

  @Test
  void anEmptyJournalRendersAPageWithNoLifelinesAndNoArrows() {
    String html = page();

    JsonNode data = data(html);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("namespace t-1");
    assertThat(data.get("agents")).isEmpty();
    assertThat(data.get("events")).isEmpty();
    assertThat(data.at("/meta/totals/sent").asLong()).isZero();
  }

  @Test
  void theMismatchedMessageCarriesItsStatusDiagnosisAndThePollsOfItsRecipient() {
    String html =
        page(
            poll(1, "bob", "c-7", List.of()),
            sent(2, "alice", "bob", null, "ping\nsecond line"),
            poll(3, "bob", "c-7", List.of()));

    JsonNode data = data(html);
    assertThat(data.get("agents").toString()).isEqualTo("[\"bob\",\"alice\"]");
    JsonNode message = data.get("events").get(1);
    assertThat(message.get("st").asText()).isEqualTo("CHANNEL_MISMATCH");
    assertThat(message.get("c").asText()).isEqualTo("default");
    assertThat(message.get("g").asBoolean()).isFalse();
    assertThat(message.get("d").asText()).contains("bob only polled channel c-7");
    assertThat(data.get("events").get(0).get("c").asText()).isEqualTo("c-7");
  }

  @Test
  void bodiesAndNamesCannotEndTheScriptOrAddMarkup() {
    String evil = "</script><script>alert(1)</script><!-- & \u2028\u2029 -->";
    String name = "<img src=x onerror=alert(1)>";

    String html = page(sent(1, name, "bob</script>", "c&1", evil));

    String raw = rawData(html);
    assertThat(raw).doesNotContain("<", ">", "&", "\u2028", "\u2029");
    JsonNode data = data(html);
    assertThat(data.at("/events/0/b").asText()).isEqualTo(evil);
    assertThat(data.get("agents").get(0).asText()).isEqualTo(name);
    assertThat(data.get("agents").get(1).asText()).isEqualTo("bob</script>");
    assertThat(html.indexOf("</script>")).isEqualTo(html.indexOf(raw) + raw.length());
  }

  @Test
  void aNamespaceNameIsEscapedInTheTitle() {
    String html =
        HtmlReport.of(
                TrafficAnalysis.analyze(
                    "<b>x</b>", ChannellessRecv.ALL, TrafficSnapshot.of(List.of(), 0)))
            .html();

    assertThat(html).contains("namespace &lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
  }

  @Test
  void tenThousandCharacterNamesAreCutInThePageAndStillTwoLifelines() {
    String common = "a".repeat(9_999);

    String html = page(sent(1, common + "1", common + "2", "c", "hi"));

    JsonNode agents = data(html).get("agents");
    assertThat(agents).hasSize(2);
    assertThat(agents.get(0).asText())
        .hasSizeLessThan(ReportData.MAX_NAME_CHARS + 30)
        .endsWith("…[cut, 10000 chars]");
  }

  @Test
  void unicodeBodiesAndNamesReadBackUnchanged() {
    String body = "héllo 👋 中文 \u0000 tab\t";

    String html = page(sent(1, "zoë", "Ωmega", "канал", body));

    JsonNode data = data(html);
    assertThat(data.at("/events/0/b").asText()).isEqualTo(body);
    assertThat(data.get("agents").toString()).isEqualTo("[\"zoë\",\"Ωmega\"]");
    assertThat(data.at("/events/0/c").asText()).isEqualTo("канал");
  }

  @Test
  void namesAndChannelsShowInvisibleAndLineBreakingCharactersAsEscapes() {
    String html = page(sent(1, "a\u202eevil", "\u2028\u2029", "c\udc00", "hi"));

    JsonNode data = data(html);
    assertThat(data.get("agents").get(0).asText()).isEqualTo("a\\u202eevil");
    assertThat(data.get("agents").get(1).asText()).isEqualTo("\\u2028\\u2029");
    assertThat(data.at("/events/0/c").asText()).isEqualTo("c\\udc00");
  }

  @Test
  void aBodyLongerThanTheBoundIsCutWithoutSplittingACharacter() {
    String body = "x".repeat(HtmlReport.MAX_BODY_CHARS - 1) + "👋👋";

    JsonNode message = data(page(sent(1, "a", "b", "c", body))).at("/events/0");

    assertThat(message.get("b").asText())
        .startsWith("x".repeat(HtmlReport.MAX_BODY_CHARS - 1) + "…[cut, ");
    assertThat(message.get("bl").asInt()).isEqualTo(body.length());
  }

  @Test
  void aPageShowsTheNewestMessagesUpToItsBoundAndCountsTheRest() {
    List<JournalEntry> entries = new ArrayList<>();
    for (int i = 1; i <= HtmlReport.MAX_MESSAGES + 5; i++) {
      entries.add(sent(i, "a", "b", "c", "m" + i));
    }

    JsonNode data = data(page(entries.toArray(JournalEntry[]::new)));

    assertThat(data.get("events")).hasSize(HtmlReport.MAX_MESSAGES);
    assertThat(data.at("/events/0/b").asText()).isEqualTo("m6");
    assertThat(data.at("/meta/leftOut/messages").asInt()).isEqualTo(5);
    assertThat(data.at("/meta/totals/sent").asInt()).isEqualTo(HtmlReport.MAX_MESSAGES + 5);
  }

  @Test
  void aPageStaysWithinItsByteBoundAndCountsWhatItLeftOut() {
    List<JournalEntry> entries = new ArrayList<>();
    String body = "é".repeat(HtmlReport.MAX_BODY_CHARS);
    int count = (int) (HtmlReport.MAX_BYTES / HtmlReport.MAX_BODY_CHARS);
    for (int i = 1; i <= count; i++) {
      entries.add(sent(i, "a", "b", "c", body));
    }

    String html = page(entries.toArray(JournalEntry[]::new));

    assertThat((long) html.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(HtmlReport.MAX_BYTES);
    JsonNode data = data(html);
    assertThat(data.at("/meta/leftOut/messages").asInt())
        .isPositive()
        .isEqualTo(count - data.get("events").size());
  }

  @Test
  void aMessageReadTwiceCarriesBothReceipts() {
    var message = sent(1, "alice", "bob", "c", "twice");

    JsonNode data =
        data(
            page(
                message,
                poll(2, "bob", "c", List.of(message.ts())),
                poll(3, "bob", "c", List.of(message.ts()))));

    assertThat(data.at("/events/0/r")).hasSize(2);
    assertThat(data.at("/events/0/st").asText()).isEqualTo("DELIVERED");
  }

  @Test
  void aPageMadeFromAReportMarksThePollsThatReturnedItsMessages() {
    var message = sent(1, "alice", "bob", "c", "hi");
    var report =
        TrafficAnalysis.analyze(
            "t-1",
            ChannellessRecv.ALL,
            TrafficSnapshot.of(
                List.of(
                    message, poll(2, "bob", "c", List.of()), poll(3, "bob", "c", List.of(at(1)))),
                0));

    JsonNode data = data(HtmlReport.of(report).html());

    assertThat(data.get("events")).hasSize(2);
    assertThat(data.at("/events/1/k").asText()).isEqualTo("p");
    assertThat(data.at("/events/1/s").asLong()).isEqualTo(3);
    assertThat(data.at("/meta/pollsKnown").asBoolean()).isFalse();
  }

  @Test
  void theInlineScriptAndStyleAreTheOnesThePolicyNamesByHash() throws Exception {
    String html = page();
    String policy = HtmlReport.contentSecurityPolicy();

    String script = between(html, "<script>", "</script>");
    String style = between(html, "<style>", "</style>");

    assertThat(policy)
        .contains("script-src '" + sha256(script) + "'")
        .contains("style-src '" + sha256(style) + "'")
        .contains("connect-src 'self'")
        .contains("default-src 'none'");
  }

  @Test
  void aRunningNamespacesPageIsWrittenToAFileInAFolderItCreates(@TempDir Path target)
      throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      new BusHttp(server.namespaceUrl("t-1")).send("alice", "bob", "ping", "c-7");
      // snippet:report
      NamespaceView ns = server.namespace("t-1").orElseThrow();
      Path page =
          HtmlReport.of(ns.id(), ns.options().channellessRecv(), ns.snapshot())
              .writeTo(target.resolve("reports/t-1.html")); // or .html() for the text
      // end-snippet:report

      assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("\"b\":\"ping\"");
    }
  }

  private static String between(String html, String open, String close) {
    int start = html.indexOf(open) + open.length();
    return html.substring(start, html.indexOf(close, start));
  }

  private static String sha256(String text) throws Exception {
    return "sha256-"
        + Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
