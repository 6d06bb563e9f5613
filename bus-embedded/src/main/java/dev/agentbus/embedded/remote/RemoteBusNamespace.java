package dev.agentbus.embedded.remote;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.FaultRuleJson;
import dev.agentbus.embedded.faults.InBusFaults;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionKind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The handle of a namespace of a bus reached over HTTP. Traffic is analysed in this JVM, from the
 * journal read page by page, by the same code as in the bus: a report reads the same either way.
 */
final class RemoteBusNamespace implements BusNamespace {

  /** The bus holds one waiting admin request at most this long; longer waits take several. */
  private static final long LONGEST_WAIT_MILLIS = 300_000;

  private final AdminHttp http;
  private final String id;
  private final URI url;
  private final NamespaceOptions options;
  private final RemoteJournalView journal;

  RemoteBusNamespace(AdminHttp http, String id, URI url, NamespaceOptions options) {
    // A namespace with a token of its own lets its token holders in, admin paths included.
    this.http = http.withToken(options.token());
    this.id = id;
    this.url = url;
    this.options = options;
    this.journal = new RemoteJournalView(this.http, url);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public URI url() {
    return url;
  }

  @Override
  public NamespaceOptions options() {
    return options;
  }

  @Override
  public JournalView journal() {
    return journal;
  }

  /**
   * The polls parked and the exact counts of one moment, as {@code GET /_bus/counts} answers them.
   *
   * @param parked the polls parked
   * @param counts the counts, of the same journal position
   */
  record Moment(ParkedPolls parked, TrafficCounts counts) {}

  @Override
  public TrafficSnapshot snapshot() {
    // The counts and parked polls first, of one moment; then the journal up to that moment.
    Moment moment = moment();
    long asOfSeq =
        moment.counts() == null
            ? moment.parked().asOfSeq()
            : Math.min(moment.parked().asOfSeq(), moment.counts().asOfSeq());
    List<JournalEntry> entries = new ArrayList<>();
    long firstKept = -1;
    long from = 1;
    while (from < asOfSeq) {
      JournalPage page = journal.read(from, JournalView.MAX_PAGE);
      if (firstKept < 0) {
        firstKept = page.entries().isEmpty() ? page.nextSeq() : page.entries().get(0).seq();
      }
      for (JournalEntry entry : page.entries()) {
        if (entry.seq() < asOfSeq) {
          entries.add(entry);
        }
      }
      if (page.entries().isEmpty()) {
        break;
      }
      from = page.nextSeq();
    }
    // Entries of the moment that the journal gave up since count as dropped, like older ones: the
    // snapshot then shows fewer, never entries that disagree with its counts.
    long dropped = Math.max(0, Math.min(firstKept < 0 ? asOfSeq : firstKept, asOfSeq) - 1);
    return new TrafficSnapshot(entries, dropped, moment.parked(), moment.counts());
  }

  @Override
  public TrafficCounts counts() {
    TrafficCounts counts = moment().counts();
    if (counts == null) {
      throw new RemoteBusException(
          404,
          "the bus at "
              + url
              + " keeps no traffic counts (it has no /_bus/counts): run a bus of this version",
          null);
    }
    return counts;
  }

  /** The snapshot of one moment; a bus without {@code /_bus/counts} gives its parked polls only. */
  private Moment moment() {
    AdminHttp.Answer answer;
    try {
      answer = http.get(URI.create(url + "/_bus/counts"), AdminHttp.QUICK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while reading the traffic counts", e);
    }
    if (answer.status() == 404) {
      // An older bus, or a namespace that is gone: /_bus/parked tells the two apart.
      return new Moment(parkedNow(), null);
    }
    if (answer.status() != 200) {
      throw AdminHttp.refused("reading the traffic counts", answer);
    }
    try {
      return ProtocolJson.read(answer.body(), Moment.class);
    } catch (IOException e) {
      throw new RemoteBusException(200, "the bus answered traffic counts that cannot be read", e);
    }
  }

  @Override
  public ParkedPolls parkedNow() {
    try {
      return fetchParked(URI.create(url + "/_bus/parked"), AdminHttp.QUICK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while reading the parked polls", e);
    }
  }

  @Override
  public ParkedPolls awaitParkedChange(long version, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      long sliceMillis = Math.min(remainingMillis, LONGEST_WAIT_MILLIS);
      long sliceStart = System.nanoTime();
      ParkedPolls parked =
          fetchParked(
              URI.create(
                  url
                      + "/_bus/parked?after="
                      + version
                      + "&timeout="
                      + java.math.BigDecimal.valueOf(sliceMillis, 3).toPlainString()),
              AdminHttp.QUICK.plus(Duration.ofMillis(sliceMillis)));
      // The same version before the slice ran out: the namespace stopped, nothing will change.
      boolean sliceRanOut = System.nanoTime() - sliceStart >= sliceMillis * 1_000_000;
      if (parked.version() != version || sliceMillis == remainingMillis || !sliceRanOut) {
        return parked;
      }
    }
  }

  private ParkedPolls fetchParked(URI query, Duration timeout) throws InterruptedException {
    AdminHttp.Answer answer = http.get(query, timeout);
    if (answer.status() != 200) {
      throw AdminHttp.refused("reading the parked polls", answer);
    }
    try {
      return ProtocolJson.read(answer.body(), ParkedPolls.class);
    } catch (IOException e) {
      throw new RemoteBusException(200, "the bus answered parked polls that cannot be read", e);
    }
  }

  @Override
  public int parkedPolls() {
    AdminHttp.Answer answer = http.getUninterruptibly(URI.create(url + "/_bus/info"));
    if (answer.status() != 200) {
      throw AdminHttp.refused("counting parked polls", answer);
    }
    return answer.json().path("parkedPolls").asInt();
  }

  @Override
  public boolean awaitParkedPolls(int count, Duration timeout) throws InterruptedException {
    return awaitPolls(null, null, count, timeout);
  }

  @Override
  public boolean awaitPolling(String agent, String channel, Duration timeout)
      throws InterruptedException {
    return awaitPolls(agent, channel, 1, timeout);
  }

  private boolean awaitPolls(String to, String channel, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      long sliceMillis = Math.min(remainingMillis, LONGEST_WAIT_MILLIS);
      StringBuilder query =
          new StringBuilder(url.toString()).append("/_bus/polls?count=").append(count);
      if (to != null) {
        query.append("&to=").append(AdminHttp.encode(to));
      }
      if (channel != null) {
        query.append("&channel=").append(AdminHttp.encode(channel));
      }
      query
          .append("&timeout=")
          .append(java.math.BigDecimal.valueOf(sliceMillis, 3).toPlainString());
      AdminHttp.Answer answer =
          http.get(
              URI.create(query.toString()), AdminHttp.QUICK.plus(Duration.ofMillis(sliceMillis)));
      if (answer.status() != 200) {
        throw AdminHttp.refused("waiting for parked polls", answer);
      }
      if (answer.json().path("reached").asBoolean()) {
        return true;
      }
      if (sliceMillis == remainingMillis) {
        return false;
      }
    }
  }

  @Override
  public InBusFaults faults() {
    return new InBusFaults() {
      @Override
      public void add(FaultRule rule) {
        AdminHttp.Answer answer =
            post("/_bus/faults", FaultRuleJson.write(rule), "adding a fault rule");
        if (answer.status() == 409) {
          // as in process: the namespace holds its most rules
          throw new IllegalStateException(answer.error());
        }
        if (answer.status() != 200) {
          throw AdminHttp.refused("adding a fault rule", answer);
        }
      }

      @Override
      public void clear() {
        AdminHttp.Answer answer;
        try {
          answer = http.delete(URI.create(url + "/_bus/faults"));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RemoteBusException(0, "interrupted while clearing the fault rules", e);
        }
        if (answer.status() != 200) {
          throw AdminHttp.refused("clearing the fault rules", answer);
        }
      }

      @Override
      public void restart(RestartQueues queues, Duration downFor) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
            "queues", Objects.requireNonNull(queues, "queues").name().toLowerCase(Locale.ROOT));
        // whole nanoseconds in seconds: the one duration parser reads it back exactly
        json.put("downFor", downFor == null ? null : OptionKind.seconds(downFor) + "s");
        expectOk(post("/_bus/faults/restart", json, "restarting the namespace"), "restarting");
      }

      @Override
      public void recordWireFault(String agent, String request, String fault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agent", agent);
        json.put("request", request);
        json.put("fault", fault);
        expectOk(post("/_bus/faults/wire", json, "recording a wire fault"), "recording");
      }

      /** As in process: a value the bus refuses is the caller's mistake. */
      private void expectOk(AdminHttp.Answer answer, String doing) {
        if (answer.status() == 400) {
          throw new IllegalArgumentException(answer.error());
        }
        if (answer.status() != 200) {
          throw AdminHttp.refused(doing + " a fault", answer);
        }
      }
    };
  }

  private AdminHttp.Answer post(String path, Map<String, Object> json, String doing) {
    try {
      return http.post(URI.create(url + path), ProtocolJson.writeString(json));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while " + doing, e);
    }
  }

  @Override
  public void close() {
    if (id.isEmpty()) {
      return;
    }
    AdminHttp.Answer answer;
    try {
      answer = http.delete(URI.create(url + "/_bus/namespace"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while dropping namespace '" + id + "'", e);
    }
    if (answer.status() != 200 && answer.status() != 404) {
      throw AdminHttp.refused("dropping namespace '" + id + "'", answer);
    }
  }

  @Override
  public String toString() {
    return "namespace '" + id + "' at " + url;
  }
}
