package dev.agentbus.embedded.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Journal entries built by hand, and the data a rendered page embeds, read back. */
final class ReportPages {

  static final String DATA_OPEN = "<script type=\"application/json\" id=\"report-data\">";

  private ReportPages() {}

  static MessageSent sent(long seq, String from, String to, String channel, String body) {
    return new MessageSent(
        seq,
        at(seq),
        channel == null ? "default" : channel,
        channel != null,
        from,
        to,
        body,
        body.getBytes(StandardCharsets.UTF_8).length,
        "test/1");
  }

  static PollAnswered poll(long seq, String to, String channel, List<BigDecimal> returned) {
    return new PollAnswered(
        seq,
        at(seq),
        to,
        channel,
        channel,
        BigDecimal.ZERO,
        true,
        100,
        returned,
        at(seq),
        1,
        false,
        "test/1");
  }

  static BigDecimal at(long seq) {
    return new BigDecimal("1764000000.000000").add(BigDecimal.valueOf(seq, 3));
  }

  static String page(JournalEntry... entries) {
    return HtmlReport.of("t-1", ChannellessRecv.ALL, TrafficSnapshot.of(List.of(entries), 0))
        .html();
  }

  /** The text between the data element's tags, exactly as the page carries it. */
  static String rawData(String html) {
    int start = html.indexOf(DATA_OPEN) + DATA_OPEN.length();
    return html.substring(start, html.indexOf("</script>", start));
  }

  static JsonNode data(String html) {
    try {
      return ProtocolJson.readTree(rawData(html));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
