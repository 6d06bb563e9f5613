package dev.agentbus.embedded.report;

import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.WireFaultInjected;
import dev.agentbus.embedded.text.PrintableText;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.MessageOutcome;
import dev.agentbus.embedded.traffic.Receipt;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data a report page embeds, as script-safe JSON: the newest messages, polls and incidents
 * (restarts, wire faults) of a report in journal order, within the page's bounds, and what was left
 * out.
 */
final class ReportData {

  /** Characters of a name, channel or user agent the page keeps; the rest is cut and counted. */
  static final int MAX_NAME_CHARS = 1_000;

  private final TrafficReport report;
  private final List<PollAnswered> polls;
  private final boolean everyPoll;
  private final MessageFaults faults;
  private final long budget;
  private final Long followFrom;

  /**
   * @param report the analysed traffic
   * @param polls the answered polls of the same journal, in journal order
   * @param everyPoll whether the polls are every answered poll, or only those that returned a
   *     message (all a report without its journal can tell)
   * @param faults what in-bus faults did to each message, as far as the journal tells
   * @param budget the most bytes of JSON the data may take
   * @param followFrom the journal sequence number a live page reads on from, or {@code null}
   */
  ReportData(
      TrafficReport report,
      List<PollAnswered> polls,
      boolean everyPoll,
      MessageFaults faults,
      long budget,
      Long followFrom) {
    this.report = report;
    this.polls = polls;
    this.everyPoll = everyPoll;
    this.faults = faults;
    this.budget = budget;
    this.followFrom = followFrom;
  }

  /**
   * @return the JSON, escaped for a script element
   */
  String json() {
    List<MessageOutcome> messages = report.messages();
    // The meta object (about 1,300 bytes besides the namespace) and the lists' punctuation.
    long used = 2_000 + ScriptJson.utf8Bytes(ScriptJson.of(namespace()));
    List<String> parked = new ArrayList<>();
    Agents agents = new Agents();
    List<ParkedPoll> parkedPolls = report.parked().polls();
    List<JournalEntry> incidents = report.incidents();
    // Walk back from the newest message, poll and incident, merged by journal position, until a
    // bound.
    Deque<Object> kept = new ArrayDeque<>();
    int m = messages.size() - 1;
    int p = polls.size() - 1;
    int i = incidents.size() - 1;
    int keptMessages = 0;
    int keptPolls = 0;
    int keptIncidents = 0;
    Set<String> named = new HashSet<>();
    while (m >= 0 || p >= 0 || i >= 0) {
      long messageSeq = m >= 0 ? messages.get(m).message().seq() : -1;
      long pollSeq = p >= 0 ? polls.get(p).seq() : -1;
      long incidentSeq = i >= 0 ? incidents.get(i).seq() : -1;
      boolean message = messageSeq > pollSeq && messageSeq > incidentSeq;
      boolean poll = !message && pollSeq > incidentSeq;
      boolean full =
          message
              ? keptMessages == HtmlReport.MAX_MESSAGES
              : poll
                  ? keptPolls == HtmlReport.MAX_POLLS
                  : keptIncidents == HtmlReport.MAX_INCIDENTS;
      if (full) {
        break;
      }
      Object item = message ? messages.get(m) : poll ? polls.get(p) : incidents.get(i);
      long weight = weight(item, named);
      if (used + weight > budget) {
        break;
      }
      used += weight;
      kept.addFirst(item);
      if (message) {
        keptMessages++;
        m--;
      } else if (poll) {
        keptPolls++;
        p--;
      } else {
        keptIncidents++;
        i--;
      }
    }
    BigDecimal start = start(kept, parkedPolls);
    List<String> events = new ArrayList<>(kept.size());
    for (Object item : kept) {
      events.add(ScriptJson.of(item(item, agents, start)));
    }
    int parkedLeftOut = report.parked().leftOut();
    for (ParkedPoll poll : parkedPolls) {
      // Weighed before it is numbered, so that a poll left out adds no empty lifeline.
      long weight =
          ScriptJson.utf8Bytes(ScriptJson.of(parked(poll, new Agents(), start)))
              + ScriptJson.utf8Bytes(ScriptJson.of(shown(poll.to())))
              + 16;
      if (used + weight > budget) {
        parkedLeftOut += poll.count();
        continue;
      }
      used += weight;
      parked.add(ScriptJson.of(parked(poll, agents, start)));
    }
    List<String> rejected = new ArrayList<>();
    List<RequestRejected> refusals = report.rejected();
    int r = refusals.size() - 1;
    while (r >= 0 && rejected.size() < HtmlReport.MAX_REJECTED) {
      String json = ScriptJson.of(rejected(refusals.get(r), start));
      long weight = ScriptJson.utf8Bytes(json);
      if (used + weight > budget) {
        break;
      }
      used += weight;
      rejected.add(0, json);
      r--;
    }
    String agentsJson = ScriptJson.of(agents.names());
    Map<String, Object> meta = meta(start, m + 1, p + 1, i + 1, r + 1, parkedLeftOut);
    return "{\"meta\":"
        + ScriptJson.of(meta)
        + ",\"agents\":"
        + agentsJson
        + ",\"events\":["
        + String.join(",", events)
        + "],\"parked\":["
        + String.join(",", parked)
        + "],\"rejected\":["
        + String.join(",", rejected)
        + "]}";
  }

  /**
   * The bytes an item adds to the data: its JSON, with room for the lifeline numbers it names, and
   * each name it brings that no item kept before named.
   */
  private long weight(Object item, Set<String> named) {
    Agents scratch = new Agents();
    Object json = item(item, scratch, BigDecimal.ZERO);
    long weight = ScriptJson.utf8Bytes(ScriptJson.of(json)) + 16;
    for (String name : scratch.index.keySet()) {
      if (named.add(name)) {
        weight += ScriptJson.utf8Bytes(ScriptJson.of(shown(name))) + 1;
      }
    }
    return weight;
  }

  private Object item(Object item, Agents agents, BigDecimal start) {
    if (item instanceof MessageOutcome outcome) {
      return message(outcome, agents, start);
    }
    if (item instanceof PollAnswered poll) {
      return poll(poll, agents, start);
    }
    if (item instanceof NamespaceRestarted restart) {
      return restart(restart, start);
    }
    return wireFault((WireFaultInjected) item, agents, start);
  }

  private Map<String, Object> meta(
      BigDecimal start,
      int messagesLeftOut,
      int pollsLeftOut,
      int incidentsLeftOut,
      int rejectedLeftOut,
      int parked) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("namespace", namespace());
    meta.put(
        "channellessRecv",
        report.channellessRecv() == null ? null : report.channellessRecv().name());
    meta.put("start", start);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("sent", report.sentTotal());
    totals.put("delivered", report.deliveredTotal());
    totals.put("notYet", report.counts().get(DeliveryStatus.NOT_YET_DELIVERED));
    totals.put("lost", report.lostTotal());
    totals.put("rejected", report.rejectedTotal());
    totals.put("undeliveredOutOfJournal", report.undeliveredOutOfJournal());
    totals.put("faulted", faulted());
    totals.put("duplicated", faults.duplicated());
    totals.put(
        "restarts",
        report.incidents().stream().filter(NamespaceRestarted.class::isInstance).count());
    totals.put(
        "wireFaults",
        report.incidents().stream().filter(WireFaultInjected.class::isInstance).count());
    meta.put("totals", totals);
    Map<String, Object> byStatus = new LinkedHashMap<>();
    report.counts().forEach((status, count) -> byStatus.put(status.name(), count));
    byStatus.put(DeliveryStatus.EVICTED.name(), report.evictedTotal());
    meta.put("byStatus", byStatus);
    List<StatusStyle> styles = new ArrayList<>();
    for (DeliveryStatus status : DeliveryStatus.values()) {
      styles.add(StatusStyle.of(status));
    }
    meta.put("statuses", styles);
    Map<String, Object> leftOut = new LinkedHashMap<>();
    leftOut.put("messages", messagesLeftOut);
    leftOut.put("messagesOutOfJournal", Math.max(0, report.sentTotal() - messagesSize()));
    leftOut.put("polls", pollsLeftOut);
    leftOut.put("incidents", incidentsLeftOut);
    leftOut.put("rejected", rejectedLeftOut + Math.max(0, report.rejectedTotal() - rejectedSize()));
    leftOut.put("parked", parked);
    leftOut.put("droppedEntries", report.droppedEntries());
    meta.put("leftOut", leftOut);
    Map<String, Object> bounds = new LinkedHashMap<>();
    bounds.put("maxMessages", HtmlReport.MAX_MESSAGES);
    bounds.put("maxPolls", HtmlReport.MAX_POLLS);
    bounds.put("maxIncidents", HtmlReport.MAX_INCIDENTS);
    bounds.put("maxBytes", HtmlReport.MAX_BYTES);
    bounds.put("maxBodyChars", HtmlReport.MAX_BODY_CHARS);
    meta.put("bounds", bounds);
    meta.put("pollsKnown", everyPoll);
    meta.put("live", followFrom == null ? null : Map.of("from", followFrom));
    return meta;
  }

  /**
   * Messages a fault touched, whatever became of them: those the journal says a fault acted on, or
   * for a page without its journal, those whose status a fault decided.
   */
  private long faulted() {
    long byStatus =
        report.messages().stream()
            .filter(outcome -> StatusStyle.of(outcome.status()).fault())
            .count();
    return Math.max(byStatus, faults.touched());
  }

  private String namespace() {
    return shown(report.namespace());
  }

  private int messagesSize() {
    return report.messages().size();
  }

  private int rejectedSize() {
    return report.rejected().size();
  }

  private static BigDecimal start(Deque<Object> kept, List<ParkedPoll> parked) {
    BigDecimal start = null;
    if (!kept.isEmpty()) {
      Object first = kept.getFirst();
      start =
          first instanceof MessageOutcome outcome
              ? outcome.message().ts()
              : ((JournalEntry) first).at();
    }
    for (ParkedPoll poll : parked) {
      start = start == null || poll.at().compareTo(start) < 0 ? poll.at() : start;
    }
    return start == null ? BigDecimal.ZERO : start;
  }

  private static double offset(BigDecimal at, BigDecimal start) {
    return Math.round(at.subtract(start).doubleValue() * 1_000_000.0) / 1_000.0;
  }

  private Map<String, Object> message(MessageOutcome outcome, Agents agents, BigDecimal start) {
    var message = outcome.message();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", "m");
    json.put("s", message.seq());
    json.put("ts", message.ts());
    json.put("o", offset(message.ts(), start));
    json.put("f", agents.index(message.from()));
    json.put("t", agents.index(message.to()));
    json.put("c", shown(message.channel()));
    json.put("g", message.channelGiven());
    json.put("b", cut(message.msg(), HtmlReport.MAX_BODY_CHARS));
    json.put("bl", message.msg().length());
    json.put("by", message.bytes());
    json.put("ua", shown(message.userAgent()));
    json.put("st", outcome.status().name());
    List<Map<String, Object>> receipts = new ArrayList<>();
    for (Receipt receipt : outcome.receipts()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("o", offset(receipt.at(), start));
      r.put("ms", Math.round(receipt.afterMillis() * 1000.0) / 1000.0);
      r.put("c", shown(receipt.channel()));
      receipts.add(r);
    }
    json.put("r", receipts);
    json.put("d", cut(outcome.diagnosis(), HtmlReport.MAX_BODY_CHARS));
    List<MessageFaults.Mark> marks = faults.of(message.ts());
    if (!marks.isEmpty()) {
      List<Map<String, Object>> fx = new ArrayList<>(marks.size());
      for (MessageFaults.Mark mark : marks) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("k", mark.kind());
        f.put("o", offset(mark.at(), start));
        f.put("ts", mark.ts());
        fx.add(f);
      }
      json.put("fx", fx);
    }
    return json;
  }

  private static Map<String, Object> restart(NamespaceRestarted restart, BigDecimal start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", "x");
    json.put("s", restart.seq());
    json.put("o", offset(restart.at(), start));
    json.put("q", restart.queues().name());
    json.put("n", restart.messagesLost());
    json.put("pc", restart.pollsCut());
    json.put("dm", restart.downForMillis());
    return json;
  }

  private static Map<String, Object> wireFault(
      WireFaultInjected fault, Agents agents, BigDecimal start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", "v");
    json.put("s", fault.seq());
    json.put("o", offset(fault.at(), start));
    json.put("a", fault.agent() == null ? null : agents.index(fault.agent()));
    json.put("rq", shown(fault.request()));
    json.put("fl", shown(fault.fault()));
    return json;
  }

  private static Map<String, Object> poll(PollAnswered poll, Agents agents, BigDecimal start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", "p");
    json.put("s", poll.seq());
    json.put("o", offset(poll.at(), start));
    json.put("a", agents.index(poll.to()));
    json.put("c", shown(poll.channel()));
    json.put("rc", shown(poll.readsChannel()));
    json.put("n", poll.returned().size());
    json.put("bl", poll.block());
    json.put("w", poll.waitedMillis());
    json.put("gone", poll.clientGone());
    return json;
  }

  private static Map<String, Object> parked(ParkedPoll poll, Agents agents, BigDecimal start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", "w");
    json.put("o", offset(poll.at(), start));
    json.put("a", agents.index(poll.to()));
    json.put("c", shown(poll.channel()));
    json.put("rc", shown(poll.readsChannel()));
    json.put("n", poll.count());
    return json;
  }

  private static Map<String, Object> rejected(RequestRejected refusal, BigDecimal start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("o", offset(refusal.at(), start));
    json.put("method", shown(refusal.method()));
    json.put("endpoint", shown(refusal.endpoint()));
    json.put("status", refusal.status());
    json.put("error", cut(refusal.error(), HtmlReport.MAX_BODY_CHARS));
    Map<String, String> fields = new LinkedHashMap<>();
    refusal.fields().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> fields.put(shown(e.getKey()), shown(e.getValue())));
    json.put("fields", fields);
    return json;
  }

  /**
   * A name, channel, user agent or other short text as a reader may see it: line breaks, control
   * and invisible format characters (a right-to-left override, a lone surrogate) written as
   * escapes, as the transcript writes them, so that no client can disguise a name or blank a
   * lifeline; then cut to {@link #MAX_NAME_CHARS} characters.
   *
   * @param text the text, or {@code null}
   * @return what the page shows, {@code null} for {@code null}
   */
  static String shown(String text) {
    return text == null ? null : cut(PrintableText.escape(text), MAX_NAME_CHARS);
  }

  /** Cuts text to {@code max} characters, saying how long it was; never inside a surrogate pair. */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…[cut, " + text.length() + " chars]";
  }

  /** The lifelines: every name once, in order of first appearance. */
  private static final class Agents {
    private final Map<String, Integer> index = new LinkedHashMap<>();

    int index(String name) {
      return index.computeIfAbsent(name, key -> index.size());
    }

    List<String> names() {
      return index.keySet().stream().map(ReportData::shown).toList();
    }
  }
}
