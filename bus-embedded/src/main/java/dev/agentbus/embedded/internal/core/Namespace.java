package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One isolated bus: its queues, its parked polls and its journal.
 *
 * <p>Thread-safety: every operation runs under one lock per namespace, so a send, the scans it
 * triggers and the journal entries it writes are atomic with respect to every poll. That is what
 * makes {@code now} safe: it is read under the same lock that orders timestamps into the queues.
 * Answers to polls are handed to their callbacks after the lock is released.
 */
public final class Namespace {

  /** The channel a message lands on when its sender names none. */
  public static final String DEFAULT_CHANNEL = "default";

  /**
   * The most JSON one {@code /recv} answer holds; the rest waits for the next poll, as messages
   * past {@code max} do. An answer is built whole in memory, so a reader of a long backlog of large
   * bodies must not get it all at once.
   */
  static final long MAX_ANSWER_BYTES = 1 << 20;

  /** How a user gives the bus a larger budget, for refusals to say. */
  private static final String LARGER_BUDGET_HOW = " (a server option)";

  /** A message's field names, timestamp and punctuation in a {@code /recv} answer. */
  private static final long MESSAGE_JSON_FIELDS = 64;

  private final String id;
  private final BusClock clock;
  private final NamespaceOptions options;
  private final ScheduledExecutorService timer;
  private final LiveJournal journal;
  private final ChangeSignal parkedChanged = new ChangeSignal();
  private final Runnable busParkedChanged;
  private final MemoryBudget budget;

  /** The counts and eviction identities that outlive the journal's entries. */
  private final TrafficLedger ledger;

  private final Object lock = new Object();

  /** recipient -> channel -> messages oldest first. */
  private final Map<String, Map<String, MessageQueue>> queues = new HashMap<>();

  /** recipient -> polls waiting for it. */
  private final Map<String, Set<WaitingPoll>> parked = new HashMap<>();

  /** Every queued message in the order sent, to find the oldest one; stale once it is evicted. */
  private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();

  /** What this namespace holds against the memory budget. */
  private long heldBytes;

  /** The part of {@link #heldBytes} the ledger holds, which making room never gives up. */
  private long ledgerBytes;

  private int parkedCount;

  /** Counts every poll parking and every poll leaving, so that a snapshot can tell it is stale. */
  private long parkedVersion;

  private boolean stopped;

  private record Arrival(MessageQueue queue, long ts) {}

  Namespace(
      String id,
      BusClock clock,
      NamespaceOptions options,
      ScheduledExecutorService timer,
      MemoryBudget budget,
      Runnable busParkedChanged) {
    this.id = id;
    this.budget = budget;
    this.busParkedChanged = busParkedChanged;
    this.clock = clock;
    this.options = options;
    this.timer = timer;
    this.ledger = new TrafficLedger(budget.namespaceShare());
    this.journal = new LiveJournal(options.journalLimit(), this::journalDropped);
  }

  /**
   * The polls parked here and the exact counts, both of one moment, for a report of that moment.
   *
   * @param parked the polls parked, as {@link #parkedNow()} lists them
   * @param counts the counts, as {@link #counts()} gives them, at the same journal position
   */
  public record Moment(ParkedPolls parked, TrafficCounts counts) {}

  /**
   * @return the namespace id; empty for the root namespace
   */
  public String id() {
    return id;
  }

  /**
   * @return this namespace's traffic journal
   */
  public LiveJournal journal() {
    return journal;
  }

  /**
   * @return the options this namespace runs with
   */
  public NamespaceOptions options() {
    return options;
  }

  /**
   * @return the channel-less recv mode of this namespace
   */
  public ChannellessRecv channellessRecv() {
    return options.channellessRecv();
  }

  /**
   * Accepts a message and wakes every parked poll it satisfies.
   *
   * @param from sender, non-empty
   * @param to recipient, non-empty
   * @param msg body
   * @param channel the channel named by the sender, or {@code null} for {@code default}
   * @param userAgent the sender's user agent for the journal, may be {@code null}
   * @return the message as stored, with its timestamp and channel
   * @throws NamespaceStoppedException if the namespace was dropped or the bus stopped: the message
   *     was neither stored nor journaled
   * @throws BudgetExhaustedException if the message cannot be kept within the memory budget even
   *     after this namespace evicted all it could: nothing was stored
   */
  public StoredMessage send(String from, String to, String msg, String channel, String userAgent) {
    String landsOn = channel == null ? DEFAULT_CHANNEL : channel;
    List<Runnable> answers = new ArrayList<>();
    StoredMessage message;
    synchronized (lock) {
      if (stopped) {
        throw new NamespaceStoppedException(id);
      }
      long queued = queuedWeight(from, to, msg, landsOn);
      makeRoom(
          queued + queued + MemoryBudget.of(userAgent), // its journal entry costs about as much
          true);
      message = new StoredMessage(clock.nextTimestamp(), landsOn, from, to, msg);
      MessageQueue queue =
          queues
              .computeIfAbsent(to, recipient -> new HashMap<>())
              .computeIfAbsent(landsOn, c -> new MessageQueue(options.maxQueue()));
      boolean evictsRead = queue.isFull() && queue.oldestRead();
      StoredMessage evicted = queue.add(message);
      ledger.sent();
      hold(queued);
      arrivals.addLast(new Arrival(queue, message.ts()));
      if (evicted != null) {
        hold(-queuedWeight(evicted));
        recordEviction(evicted, message.ts(), evictsRead, MessageEvicted.Cause.QUEUE_FULL);
      }
      append(
          seq ->
              new MessageSent(
                  seq,
                  Timestamps.fromMicros(message.ts()),
                  landsOn,
                  channel != null,
                  from,
                  to,
                  msg,
                  msg.getBytes(StandardCharsets.UTF_8).length,
                  userAgent));
      makeRoom(0, false);
      wakePollsFor(message, answers);
    }
    journal.publish();
    if (!answers.isEmpty()) {
      answers.forEach(Runnable::run);
      signalParkedChange();
    }
    return message;
  }

  /**
   * Answers a poll: at once when messages match, when it does not block, or when the bus has
   * stopped; otherwise it parks until a matching message arrives, the recv timeout passes, the bus
   * stops, or the client goes away. No thread waits while it is parked.
   *
   * @param query the validated poll
   * @param answer receives the outcome exactly once (never, if the client goes away first); may run
   *     on the calling thread before this method returns, on a sending thread or on the timer
   * @return a handle to report that the client went away
   */
  public PollHandle recv(RecvQuery query, Consumer<RecvOutcome> answer) {
    RecvOutcome outcome;
    WaitingPoll poll = null;
    synchronized (lock) {
      outcome = scan(query);
      if (outcome.messages().isEmpty() && query.block() && !stopped) {
        poll = new WaitingPoll(query, readsChannel(query), answer, System.nanoTime(), clock.now());
        parked.computeIfAbsent(query.to(), recipient -> new LinkedHashSet<>()).add(poll);
        parkedCount++;
        parkedVersion++;
        WaitingPoll timed = poll;
        poll.timeout =
            timer.schedule(
                () -> expire(timed), options.recvTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } else {
        record(query, outcome, 0, false);
      }
    }
    if (poll == null) {
      journal.publish();
      answer.accept(outcome);
      return () -> {};
    }
    signalParkedChange();
    WaitingPoll parkedPoll = poll;
    return () -> abandon(parkedPoll);
  }

  /**
   * Counts the messages held, like the reference server's {@code /inbox}.
   *
   * @return channel -> recipient -> messages held; empty queues left out
   */
  public Map<String, Map<String, Integer>> inbox() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    synchronized (lock) {
      queues.forEach(
          (recipient, byChannel) ->
              byChannel.forEach(
                  (channel, queue) -> {
                    if (!queue.isEmpty()) {
                      counts
                          .computeIfAbsent(channel, c -> new TreeMap<>())
                          .put(recipient, queue.size());
                    }
                  }));
    }
    return counts;
  }

  /**
   * @return the bus clock as a cursor
   */
  public long now() {
    return clock.now();
  }

  /**
   * @return how many polls are parked right now
   */
  public int parkedPolls() {
    synchronized (lock) {
      return parkedCount;
    }
  }

  /**
   * Counts the parked polls of one recipient that read a channel.
   *
   * @param to the recipient, or {@code null} for any
   * @param channel the channel they must read, or {@code null} for any
   * @return how many are parked right now
   */
  public int parkedPolls(String to, String channel) {
    synchronized (lock) {
      if (to == null && channel == null) {
        return parkedCount;
      }
      int count = 0;
      for (Map.Entry<String, Set<WaitingPoll>> byRecipient : parked.entrySet()) {
        if (to != null && !to.equals(byRecipient.getKey())) {
          continue;
        }
        for (WaitingPoll poll : byRecipient.getValue()) {
          if (channel == null || poll.reads(channel)) {
            count++;
          }
        }
      }
      return count;
    }
  }

  /**
   * Waits, without polling, until at least {@code count} polls matching {@code to} and {@code
   * channel} are parked here.
   *
   * @param to the recipient, or {@code null} for any
   * @param channel the channel they must read, or {@code null} for any
   * @param count how many
   * @param timeout the longest wait
   * @return whether that many were parked in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitParkedPolls(String to, String channel, int count, Duration timeout)
      throws InterruptedException {
    return parkedChanged.await(() -> parkedPolls(to, channel) >= count, timeout);
  }

  /**
   * The polls parked here right now, grouped by recipient and channel asked for, longest-waiting
   * first, within the bounds of {@link ParkedPolls}. Taken under the same lock as the journal is
   * written: every entry before its {@link ParkedPolls#asOfSeq()} happened before it, and is
   * published to readers by the time this returns.
   *
   * @return the snapshot
   */
  public ParkedPolls parkedNow() {
    return moment().parked();
  }

  /**
   * The exact counts of this namespace's traffic since it was created, which the journal's bounds
   * never drop. Taken under the same lock as the journal is written: they count every entry before
   * their {@link TrafficCounts#asOfSeq()}, which is published to readers by the time this returns.
   *
   * @return the counts now
   */
  public TrafficCounts counts() {
    TrafficCounts counts;
    synchronized (lock) {
      counts = ledger.snapshot(journal.appendedNextSeq());
    }
    journal.publish();
    return counts;
  }

  /**
   * The polls parked here and the exact counts, taken together under the lock the journal is
   * written under: both are of the same journal position, so that a report made of them and of the
   * entries before it is of one moment.
   *
   * @return the snapshot
   */
  public Moment moment() {
    record Key(String to, String channel) {}
    final class Group {
      long atMicros = Long.MAX_VALUE;
      BigDecimal since;
      String readsChannel;
      int count;
    }
    Map<Key, Group> groups = new HashMap<>();
    long version;
    long asOfSeq;
    TrafficCounts counts;
    synchronized (lock) {
      version = parkedVersion;
      asOfSeq = journal.appendedNextSeq();
      counts = ledger.snapshot(asOfSeq);
      for (Set<WaitingPoll> polls : parked.values()) {
        for (WaitingPoll poll : polls) {
          Group group =
              groups.computeIfAbsent(
                  new Key(poll.query.to(), poll.query.channel()), key -> new Group());
          group.atMicros = Math.min(group.atMicros, poll.parkedAtMicros);
          group.since =
              group.since == null || poll.query.since().compareTo(group.since) < 0
                  ? poll.query.since()
                  : group.since;
          group.readsChannel = poll.readsChannel;
          group.count++;
        }
      }
    }
    // Entries appended by other threads that have not published yet become visible now.
    journal.publish();
    List<ParkedPoll> all = new ArrayList<>(groups.size());
    groups.forEach(
        (key, group) ->
            all.add(
                new ParkedPoll(
                    Timestamps.fromMicros(group.atMicros),
                    key.to(),
                    key.channel(),
                    group.readsChannel,
                    group.since,
                    group.count)));
    all.sort(
        Comparator.comparing(ParkedPoll::at)
            .thenComparing(ParkedPoll::to)
            .thenComparing(poll -> String.valueOf(poll.channel())));
    List<ParkedPoll> listed = new ArrayList<>();
    long bytes = 0;
    int leftOut = 0;
    for (ParkedPoll poll : all) {
      long weight =
          JsonBytes.ENTRY
              + JsonBytes.of(poll.to())
              + JsonBytes.of(poll.channel())
              + JsonBytes.of(poll.readsChannel());
      boolean fits =
          listed.isEmpty()
              || (listed.size() < ParkedPolls.MAX_LISTED
                  && bytes + weight <= ParkedPolls.MAX_LISTED_BYTES);
      if (fits && leftOut == 0) {
        listed.add(poll);
        bytes += weight;
      } else {
        leftOut += poll.count();
      }
    }
    return new Moment(new ParkedPolls(version, asOfSeq, listed, leftOut), counts);
  }

  /**
   * Waits, without polling, until a poll parks here or stops waiting after the snapshot of {@code
   * version} was taken, or the namespace stops.
   *
   * @param version a {@link ParkedPolls#version()} seen before
   * @param timeout the longest wait
   * @return whether something changed in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitParkedChange(long version, Duration timeout) throws InterruptedException {
    return parkedChanged.await(() -> parkedVersion() != version || isStopped(), timeout);
  }

  /**
   * @return the version a snapshot taken now would carry
   */
  public long parkedVersion() {
    synchronized (lock) {
      return parkedVersion;
    }
  }

  /**
   * Runs {@code listener} once, the next time a poll parks or unparks here.
   *
   * @param listener what to run; quick, non-blocking
   * @return a handle that unregisters it
   */
  public Runnable onParkedChange(Runnable listener) {
    return parkedChanged.onNextChange(listener);
  }

  /**
   * @return whether this namespace was stopped (dropped, or its bus closed)
   */
  public boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /**
   * Counts a request the HTTP layer refused and journals it if it takes no room that accepted
   * traffic needs: refusals are counted by status always, but journaled only while the journal is
   * below its limit, holds fewer than {@link TrafficCounts#MAX_REJECTED_ENTRIES} of them in at most
   * an eighth of the namespace's share of the budget, and the entry fits in the budget as it is. So
   * a flood of refusals (a client without its token, a broken sender) never makes the journal give
   * up an accepted message's entry, or the queues a message.
   *
   * @param method HTTP method
   * @param endpoint path within the namespace
   * @param status the 4xx status sent
   * @param error the sentence sent
   * @param fields what could be read of the request
   */
  public void rejected(
      String method, String endpoint, int status, String error, Map<String, String> fields) {
    RequestRejected refusal =
        new RequestRejected(
            0, Timestamps.fromMicros(clock.now()), method, endpoint, status, error, fields);
    long weight = JournalWeights.of(refusal);
    boolean journaled;
    synchronized (lock) {
      journaled =
          !journal.isFull()
              && journal.rejectedHeld() < TrafficCounts.MAX_REJECTED_ENTRIES
              && journal.rejectedBytes() + weight <= budget.namespaceShare() / 8
              && budget.fits(weight)
              && heldBytes + weight <= budget.namespaceShare();
      ledger.rejected(status, journaled);
      if (journaled) {
        append(
            seq ->
                new RequestRejected(
                    seq,
                    refusal.at(),
                    refusal.method(),
                    refusal.endpoint(),
                    refusal.status(),
                    refusal.error(),
                    refusal.fields()));
      }
    }
    if (journaled) {
      journal.publish();
    }
  }

  /**
   * Answers every parked poll at once with what it has, refuses to park new ones, and wakes the
   * journal's readers. Idempotent.
   */
  public void stop() {
    List<Runnable> answers = new ArrayList<>();
    synchronized (lock) {
      stopped = true;
      for (Set<WaitingPoll> polls : parked.values()) {
        for (WaitingPoll poll : polls) {
          poll.timeout.cancel(false);
          answers.add(answer(poll));
        }
      }
      parked.clear();
      parkedCount = 0;
      parkedVersion++;
      // A stopped namespace is gone for the bus: what it holds no longer counts.
      budget.add(-heldBytes);
      heldBytes = 0;
      ledgerBytes = 0;
    }
    journal.publish();
    answers.forEach(Runnable::run);
    signalParkedChange();
    journal.close();
  }

  private void wakePollsFor(StoredMessage message, List<Runnable> answers) {
    Set<WaitingPoll> waiting = parked.get(message.to());
    if (waiting == null) {
      return;
    }
    for (Iterator<WaitingPoll> it = waiting.iterator(); it.hasNext(); ) {
      WaitingPoll poll = it.next();
      if (poll.reads(message.channel()) && message.ts() > poll.sinceMicros) {
        it.remove();
        parkedCount--;
        parkedVersion++;
        poll.timeout.cancel(false);
        answers.add(answer(poll));
      }
    }
    if (waiting.isEmpty()) {
      parked.remove(message.to());
    }
  }

  private void expire(WaitingPoll poll) {
    Runnable answer;
    synchronized (lock) {
      if (!unpark(poll)) {
        return;
      }
      answer = answer(poll);
    }
    journal.publish();
    answer.run();
    signalParkedChange();
  }

  private void abandon(WaitingPoll poll) {
    synchronized (lock) {
      if (!unpark(poll)) {
        return;
      }
      poll.timeout.cancel(false);
      record(poll.query, new RecvOutcome(List.of(), clock.now()), poll.waitedMillis(), true);
    }
    journal.publish();
    signalParkedChange();
  }

  /** Must hold the lock. */
  private boolean unpark(WaitingPoll poll) {
    Set<WaitingPoll> waiting = parked.get(poll.query.to());
    if (waiting == null || !waiting.remove(poll)) {
      return false;
    }
    if (waiting.isEmpty()) {
      parked.remove(poll.query.to());
    }
    parkedCount--;
    parkedVersion++;
    return true;
  }

  /** Must hold the lock: scans, journals, and returns the callback to run after unlocking. */
  private Runnable answer(WaitingPoll poll) {
    RecvOutcome outcome = scan(poll.query);
    record(poll.query, outcome, poll.waitedMillis(), false);
    return () -> poll.answer.accept(outcome);
  }

  /** Must hold the lock. */
  private RecvOutcome scan(RecvQuery query) {
    Map<String, MessageQueue> byChannel = queues.get(query.to());
    String reads = readsChannel(query);
    long since = Timestamps.floorMicros(query.since());
    // One more than max tells whether the answer is cut.
    int wanted = query.max() == Integer.MAX_VALUE ? query.max() : query.max() + 1;
    List<StoredMessage> found = new ArrayList<>();
    if (byChannel != null) {
      if (reads != null) {
        MessageQueue queue = byChannel.get(reads);
        if (queue != null) {
          queue.collectAfter(since, wanted, found);
        }
      } else {
        // The first max of the merge can only come from the first max of each channel.
        byChannel.values().forEach(queue -> queue.collectAfter(since, wanted, found));
        if (byChannel.size() > 1) {
          found.sort(Comparator.comparingLong(StoredMessage::ts));
        }
      }
    }
    int kept = keptInAnswer(found, query.max());
    if (kept < found.size()) {
      List<StoredMessage> cut = List.copyOf(found.subList(0, kept));
      // Cut at max or at the size bound: the cursor must stop at the last message returned, or
      // the rest is skipped.
      return new RecvOutcome(cut, cut.get(cut.size() - 1).ts());
    }
    return new RecvOutcome(found, clock.now());
  }

  /**
   * @return how many of the messages found, oldest first, one answer holds: at most {@code max},
   *     and no more than {@link #MAX_ANSWER_BYTES} of JSON, but always the first
   */
  private static int keptInAnswer(List<StoredMessage> found, int max) {
    int kept = Math.min(found.size(), max);
    // The usual answer is far below the bound even at six bytes a character (the longest escape):
    // then no character needs counting under the lock.
    long atMost = 0;
    for (int i = 0; i < kept; i++) {
      StoredMessage message = found.get(i);
      atMost +=
          6L * (message.msg().length() + message.from().length() + message.channel().length())
              + 6
              + MESSAGE_JSON_FIELDS;
    }
    if (atMost <= MAX_ANSWER_BYTES) {
      return kept;
    }
    long bytes = 0;
    for (int i = 0; i < kept; i++) {
      StoredMessage message = found.get(i);
      bytes +=
          JsonBytes.of(message.msg())
              + JsonBytes.of(message.from())
              + JsonBytes.of(message.channel())
              + MESSAGE_JSON_FIELDS;
      if (bytes > MAX_ANSWER_BYTES && i > 0) {
        return i;
      }
    }
    return kept;
  }

  private String readsChannel(RecvQuery query) {
    if (query.channel() != null) {
      return query.channel();
    }
    return options.channellessRecv() == ChannellessRecv.ALL ? null : DEFAULT_CHANNEL;
  }

  /** Must hold the lock: appends to the journal and counts what it costs against the budget. */
  private <E extends JournalEntry> E append(java.util.function.LongFunction<E> entry) {
    long before = journal.bytes();
    E appended = journal.append(entry);
    hold(journal.bytes() - before);
    return appended;
  }

  /**
   * Must hold the lock (the journal discards entries only under it): notes a {@code sent} entry
   * given up while its message is still queued and no poll has returned it, since the journal can
   * no longer say what becomes of that message.
   */
  private void journalDropped(JournalEntry entry) {
    if (entry instanceof MessageSent sent) {
      MessageQueue queue = queueOf(sent.to(), sent.channel());
      if (queue != null && queue.holdsUnread(Timestamps.floorMicros(sent.ts()))) {
        ledger.droppedUndelivered();
      }
    }
  }

  /** Must hold the lock. */
  private MessageQueue queueOf(String to, String channel) {
    Map<String, MessageQueue> byChannel = queues.get(to);
    return byChannel == null ? null : byChannel.get(channel);
  }

  /** Must hold the lock. */
  private void hold(long bytes) {
    if (!stopped) {
      heldBytes += bytes;
      budget.add(bytes);
    }
  }

  /**
   * Must hold the lock: gives up the oldest journal entries, then the oldest queued messages, until
   * {@code needed} more bytes fit in this namespace's share and in the whole budget.
   *
   * @param needed the bytes about to be kept
   * @param refuse throw when they cannot fit; otherwise keep them anyway (small bookkeeping)
   */
  private void makeRoom(long needed, boolean refuse) {
    long releasable = heldBytes - ledgerBytes;
    if (refuse
        && (needed > budget.namespaceShare() - ledgerBytes || !budget.fits(needed - releasable))) {
      // Even with all this namespace holds given up it would not fit: evicting would lose
      // messages and journal entries for nothing.
      throw new BudgetExhaustedException(refusal(needed));
    }
    while (!budget.fits(needed) || heldBytes + needed > budget.namespaceShare()) {
      long freed = journal.dropOldest();
      if (freed > 0) {
        hold(-freed);
      } else if (!evictOldestQueued()) {
        if (refuse) {
          throw new BudgetExhaustedException(refusal(needed));
        }
        return;
      }
    }
  }

  private String refusal(long needed) {
    if (needed > budget.namespaceShare() - ledgerBytes) {
      return "this message needs about "
          + needed
          + " bytes, more than a namespace's share of the bus's memory budget ("
          + budget.namespaceShare()
          + " bytes"
          + (ledgerBytes == 0
              ? ""
              : ", of which " + ledgerBytes + " keep the record of its evicted messages")
          + "); send it in chunks or start the bus with a larger memoryBudget"
          + LARGER_BUDGET_HOW;
    }
    return "the bus's memory budget ("
        + budget.limit()
        + " bytes) is held by other namespaces; drop finished namespaces (DELETE"
        + " /ns/<id>/_bus/namespace) or start the bus with a larger memoryBudget"
        + LARGER_BUDGET_HOW;
  }

  /** Must hold the lock: evicts the namespace's oldest queued message and journals it. */
  private boolean evictOldestQueued() {
    while (!arrivals.isEmpty()) {
      Arrival oldest = arrivals.pollFirst();
      StoredMessage head = oldest.queue().oldest();
      if (head != null && head.ts() == oldest.ts()) {
        boolean wasRead = oldest.queue().oldestRead();
        oldest.queue().removeOldest();
        hold(-queuedWeight(head));
        recordEviction(head, clock.now(), wasRead, MessageEvicted.Cause.MEMORY_BUDGET);
        return true;
      }
    }
    return false;
  }

  /**
   * Must hold the lock: journals an eviction and counts it in the ledger, which keeps the identity
   * of a message no poll had returned beyond the journal entry's life.
   */
  private void recordEviction(
      StoredMessage evicted, long atMicros, boolean wasRead, MessageEvicted.Cause cause) {
    BigDecimal at = Timestamps.fromMicros(atMicros);
    MessageEvicted entry =
        append(
            seq ->
                new MessageEvicted(
                    seq,
                    at,
                    Timestamps.fromMicros(evicted.ts()),
                    evicted.channel(),
                    evicted.from(),
                    evicted.to(),
                    cause));
    long change = ledger.evicted(entry, wasRead);
    ledgerBytes += change;
    hold(change);
  }

  private static long queuedWeight(StoredMessage message) {
    return queuedWeight(message.from(), message.to(), message.msg(), message.channel());
  }

  private static long queuedWeight(String from, String to, String msg, String channel) {
    return 64
        + MemoryBudget.of(from)
        + MemoryBudget.of(to)
        + MemoryBudget.of(msg)
        + MemoryBudget.of(channel);
  }

  private void signalParkedChange() {
    parkedChanged.fire();
    busParkedChanged.run();
  }

  /** Must hold the lock. */
  private void record(RecvQuery query, RecvOutcome outcome, long waitedMillis, boolean clientGone) {
    List<BigDecimal> returned = new ArrayList<>(outcome.messages().size());
    for (StoredMessage message : outcome.messages()) {
      returned.add(Timestamps.fromMicros(message.ts()));
      MessageQueue queue = queueOf(message.to(), message.channel());
      if (queue != null && queue.markRead(message.ts())) {
        ledger.delivered();
      }
    }
    BigDecimal now = Timestamps.fromMicros(outcome.now());
    // Not outcome.now: an answer cut at max carries its last message's ts there.
    BigDecimal at = Timestamps.fromMicros(clock.now());
    append(
        seq ->
            new PollAnswered(
                seq,
                at,
                query.to(),
                query.channel(),
                readsChannel(query),
                query.since(),
                query.block(),
                query.max(),
                returned,
                now,
                waitedMillis,
                clientGone,
                query.userAgent()));
    makeRoom(0, false);
  }

  /** A blocking poll waiting for its message; guarded by the namespace lock. */
  private static final class WaitingPoll {
    final RecvQuery query;
    final String readsChannel;
    final long sinceMicros;
    final Consumer<RecvOutcome> answer;
    final long parkedAtNanos;
    final long parkedAtMicros;
    java.util.concurrent.ScheduledFuture<?> timeout;

    WaitingPoll(
        RecvQuery query,
        String readsChannel,
        Consumer<RecvOutcome> answer,
        long parkedAtNanos,
        long parkedAtMicros) {
      this.query = query;
      this.readsChannel = readsChannel;
      this.sinceMicros = Timestamps.floorMicros(query.since());
      this.answer = answer;
      this.parkedAtNanos = parkedAtNanos;
      this.parkedAtMicros = parkedAtMicros;
    }

    boolean reads(String channel) {
      return readsChannel == null || readsChannel.equals(channel);
    }

    long waitedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - parkedAtNanos);
    }
  }
}
