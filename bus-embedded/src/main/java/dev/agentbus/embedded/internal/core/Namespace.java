package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.ParkedPoll;
import dev.agentbus.embedded.journal.ParkedPolls;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.RequestRejected;
import dev.agentbus.embedded.journal.TrafficCounts;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One isolated bus: its queues, its parked polls and its journal.
 *
 * <p>Thread-safety: every operation runs under one lock per namespace, so a send, the scans it
 * triggers, the evictions it makes room with and the journal entries it writes are atomic with
 * respect to every poll. That is what makes {@code now} safe: it is read under the same lock that
 * orders timestamps into the queues. The rooms it keeps apart (the {@link MemoryAccount}, the
 * {@link ParkedPollRegistry}, the {@link TrafficLedger}, the {@link FaultPlan} and the queues) have
 * no lock of their own: this lock is the only one, and is taken only here. Answers to polls are
 * handed to their callbacks, and waiters woken, after it is released.
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

  /** A message's field names, timestamp and punctuation in a {@code /recv} answer. */
  private static final long MESSAGE_JSON_FIELDS = 64;

  private final String id;
  private final BusClock clock;
  private final NamespaceOptions options;
  private final ScheduledExecutorService timer;
  private final LiveJournal journal;

  /** The one lock: it guards the queues, the memory account, the parked polls and the ledger. */
  private final Object lock = new Object();

  /** What this namespace holds against the bus's memory budget, and how it makes room. */
  private final MemoryAccount memory;

  private final ParkedPollRegistry parked;

  /** The counts and eviction identities that outlive the journal's entries. */
  private final TrafficLedger ledger;

  /** recipient -> channel -> messages oldest first. */
  private final Map<String, Map<String, MessageQueue>> queues = new HashMap<>();

  /** The in-bus faults a test asked for, and the timers of the messages they hold back. */
  private final FaultPlan faults = new FaultPlan();

  private boolean stopped;

  Namespace(
      String id,
      BusClock clock,
      NamespaceOptions options,
      ScheduledExecutorService timer,
      MemoryBudget budget,
      Runnable busParkedChanged) {
    this.id = id;
    this.clock = clock;
    this.options = options;
    this.timer = timer;
    this.ledger = new TrafficLedger(budget.namespaceShare());
    this.journal = new LiveJournal(options.journalLimit(), this::journalDropped);
    this.memory =
        new MemoryAccount(
            budget,
            journal,
            (evicted, wasRead) ->
                recordEviction(evicted, clock.now(), wasRead, MessageEvicted.Cause.MEMORY_BUDGET));
    this.parked = new ParkedPollRegistry(busParkedChanged);
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
      FaultRule rule = faults.decide(from, to);
      FaultRule.Fault fault = rule == null ? null : rule.fault();
      long queued = MemoryAccount.queuedWeight(from, to, msg, landsOn);
      // its journal entry costs about as much as the queued message, a duplicate's copy as much
      memory.makeRoomFor(
          queued + queued + MemoryBudget.of(userAgent) + (fault == null ? 0 : queued));
      message = new StoredMessage(clock.nextTimestamp(), landsOn, from, to, msg);
      ledger.sent();
      boolean queuedNow = fault == null || fault == FaultRule.Fault.DUPLICATE;
      if (queuedNow) {
        enqueue(message);
      }
      StoredMessage sent = message;
      memory.append(
          seq ->
              new MessageSent(
                  seq,
                  Timestamps.fromMicros(sent.ts()),
                  landsOn,
                  channel != null,
                  from,
                  to,
                  msg,
                  msg.getBytes(StandardCharsets.UTF_8).length,
                  userAgent));
      StoredMessage newest = rule == null ? message : apply(rule, message);
      if (newest != null) {
        wakeFor(newest, answers);
      } else {
        memory.settle();
      }
    }
    journal.publish();
    if (!answers.isEmpty()) {
      answers.forEach(Runnable::run);
      parked.signalChange();
    }
    return message;
  }

  /**
   * Adds an in-bus fault rule after those already there; it applies to the sends after this
   * returns.
   *
   * @param rule the rule
   * @throws IllegalStateException if the namespace holds {@link
   *     dev.agentbus.embedded.faults.InBusFaults#MAX_RULES} rules already
   * @throws NamespaceStoppedException if the namespace was dropped or the bus stopped
   */
  public void addFault(FaultRule rule) {
    synchronized (lock) {
      if (stopped) {
        throw new NamespaceStoppedException(id);
      }
      faults.add(rule);
    }
  }

  /** Removes every in-bus fault rule; messages already held back are still released on time. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
  }

  /** Must hold the lock: queues a message, evicting its queue's oldest when it is full. */
  private void enqueue(StoredMessage message) {
    MessageQueue queue =
        queues
            .computeIfAbsent(message.to(), recipient -> new HashMap<>())
            .computeIfAbsent(message.channel(), c -> new MessageQueue(options.maxQueue()));
    boolean evictsRead = queue.isFull() && queue.oldestRead();
    StoredMessage evicted = queue.add(message);
    memory.queued(queue, message);
    if (evicted != null) {
      memory.unqueued(evicted);
      recordEviction(evicted, message.ts(), evictsRead, MessageEvicted.Cause.QUEUE_FULL);
    }
  }

  /**
   * Must hold the lock: keeps the budget, then unparks every poll the newly queued message
   * satisfies, adding their answers to run after unlocking.
   */
  private void wakeFor(StoredMessage queued, List<Runnable> answers) {
    memory.settle();
    for (WaitingPoll poll : parked.unparkWantedBy(queued)) {
      poll.timeout.cancel(false);
      answers.add(answer(poll));
    }
  }

  /**
   * Must hold the lock: applies an in-bus fault to a message just accepted and journals it.
   *
   * @return the newest message queued, whose arrival wakes polls, or {@code null} if none was
   */
  private StoredMessage apply(FaultRule rule, StoredMessage message) {
    BigDecimal ts = Timestamps.fromMicros(message.ts());
    switch (rule.fault()) {
      case DROP -> {
        ledger.droppedByFault();
        memory.append(
            seq ->
                new MessageDroppedOnPurpose(
                    seq, ts, ts, message.channel(), message.from(), message.to()));
        return null;
      }
      case DUPLICATE -> {
        StoredMessage copy = message.at(clock.nextTimestamp(), true);
        enqueue(copy);
        BigDecimal copyTs = Timestamps.fromMicros(copy.ts());
        memory.append(
            seq ->
                new MessageDuplicated(
                    seq, copyTs, ts, copyTs, message.channel(), message.from(), message.to()));
        return copy;
      }
      case HOLD_BACK -> {
        holdBack(message, rule.holdFor());
        return null;
      }
    }
    throw new IllegalStateException("unknown fault " + rule.fault());
  }

  /** Must hold the lock: keeps a message out of its queue until its hold ends. */
  private void holdBack(StoredMessage message, Duration holdFor) {
    memory.heldBack(message);
    BigDecimal ts = Timestamps.fromMicros(message.ts());
    BigDecimal until = Timestamps.fromMicros(message.ts() + holdFor.toNanos() / 1_000);
    memory.append(
        seq ->
            new MessageHeldBack(
                seq, ts, ts, message.channel(), message.from(), message.to(), until));
    // The task takes this lock before it reads the reference, so it is set by then.
    AtomicReference<Future<?>> release = new AtomicReference<>();
    release.set(
        timer.schedule(
            () -> release(message, release.get()), holdFor.toNanos(), TimeUnit.NANOSECONDS));
    faults.holding(release.get());
  }

  /** Queues a held-back message under a new timestamp and answers the polls waiting for it. */
  private void release(StoredMessage held, Future<?> release) {
    List<Runnable> answers = new ArrayList<>();
    synchronized (lock) {
      faults.released(release);
      if (stopped) {
        return;
      }
      memory.released(held);
      StoredMessage queued = held.at(clock.nextTimestamp(), false);
      enqueue(queued);
      BigDecimal queuedTs = Timestamps.fromMicros(queued.ts());
      memory.append(
          seq ->
              new MessageReleased(
                  seq,
                  queuedTs,
                  Timestamps.fromMicros(held.ts()),
                  queuedTs,
                  held.channel(),
                  held.from(),
                  held.to()));
      wakeFor(queued, answers);
    }
    journal.publish();
    if (!answers.isEmpty()) {
      answers.forEach(Runnable::run);
      parked.signalChange();
    }
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
        parked.park(poll);
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
    parked.signalChange();
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
      return parked.count();
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
      return parked.count(to, channel);
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
    return parked.awaitChange(() -> parkedPolls(to, channel) >= count, timeout);
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
   * written under: both are of the same journal position. For a report, take a {@link #snapshot()}
   * instead, which holds the entries before that position too.
   *
   * @return the parked polls and counts
   */
  public Moment moment() {
    TrafficSnapshot taken = take(false);
    return new Moment(taken.parked(), taken.counts());
  }

  /**
   * Everything a traffic report is made of, of one journal position: the entries kept before it,
   * the entries discarded by then, the polls parked and the exact counts. All are read under the
   * lock the journal is written under, so no send, eviction or answer falls between two of the
   * reads. The entries are copied as references while the lock is held: a namespace's sends wait
   * for as long as that takes, linear in the entries kept.
   *
   * @return the snapshot; its entries are published to readers by the time this returns
   */
  public TrafficSnapshot snapshot() {
    return take(true);
  }

  private TrafficSnapshot take(boolean withEntries) {
    List<JournalEntry> entries;
    long dropped;
    List<ParkedPoll> groups;
    long version;
    long asOfSeq;
    TrafficCounts counts;
    synchronized (lock) {
      asOfSeq = journal.appendedNextSeq();
      entries = withEntries ? journal.kept() : List.of();
      dropped = journal.dropped();
      counts = ledger.snapshot(asOfSeq);
      version = parked.version();
      groups = parked.groups();
    }
    // Entries appended by other threads that have not published yet become visible now.
    journal.publish();
    return new TrafficSnapshot(
        entries, dropped, ParkedPollRegistry.listing(version, asOfSeq, groups), counts);
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
    return parked.awaitChange(() -> parkedVersion() != version || isStopped(), timeout);
  }

  /**
   * @return the version a snapshot taken now would carry
   */
  public long parkedVersion() {
    synchronized (lock) {
      return parked.version();
    }
  }

  /**
   * Runs {@code listener} once, the next time a poll parks or unparks here.
   *
   * @param listener what to run; quick, non-blocking
   * @return a handle that unregisters it
   */
  public Runnable onParkedChange(Runnable listener) {
    return parked.onNextChange(listener);
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
              && journal.rejectedBytes() + weight <= memory.share() / 8
              && memory.fitsAsIs(weight);
      ledger.rejected(status, journaled);
      if (journaled) {
        memory.append(
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
      faults.cancelHolds();
      // A stopped namespace is gone for the bus: what it holds, and the answers below, no longer
      // count.
      memory.close();
      for (WaitingPoll poll : parked.unparkAll()) {
        poll.timeout.cancel(false);
        answers.add(answer(poll));
      }
    }
    journal.publish();
    answers.forEach(Runnable::run);
    parked.signalChange();
    journal.close();
  }

  private void expire(WaitingPoll poll) {
    Runnable answer;
    synchronized (lock) {
      if (!parked.unpark(poll)) {
        return;
      }
      answer = answer(poll);
    }
    journal.publish();
    answer.run();
    parked.signalChange();
  }

  private void abandon(WaitingPoll poll) {
    synchronized (lock) {
      if (!parked.unpark(poll)) {
        return;
      }
      poll.timeout.cancel(false);
      record(poll.query, new RecvOutcome(List.of(), clock.now()), poll.waitedMillis(), true);
    }
    journal.publish();
    parked.signalChange();
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

  /**
   * Must hold the lock: journals an eviction and counts it in the ledger, which keeps the identity
   * of a message no poll had returned beyond the journal entry's life.
   */
  private void recordEviction(
      StoredMessage evicted, long atMicros, boolean wasRead, MessageEvicted.Cause cause) {
    BigDecimal at = Timestamps.fromMicros(atMicros);
    MessageEvicted entry =
        memory.append(
            seq ->
                new MessageEvicted(
                    seq,
                    at,
                    Timestamps.fromMicros(evicted.ts()),
                    evicted.channel(),
                    evicted.from(),
                    evicted.to(),
                    cause));
    if (!evicted.copy()) {
      // A duplicate's copy is not a message of its own: losing it loses nothing that was sent.
      memory.holdLedger(ledger.evicted(entry, wasRead));
    }
  }

  /** Must hold the lock. */
  private void record(RecvQuery query, RecvOutcome outcome, long waitedMillis, boolean clientGone) {
    List<BigDecimal> returned = new ArrayList<>(outcome.messages().size());
    for (StoredMessage message : outcome.messages()) {
      returned.add(Timestamps.fromMicros(message.ts()));
      MessageQueue queue = queueOf(message.to(), message.channel());
      if (queue != null && queue.markRead(message.ts()) && !message.copy()) {
        ledger.delivered();
      }
    }
    BigDecimal now = Timestamps.fromMicros(outcome.now());
    // Not outcome.now: an answer cut at max carries its last message's ts there.
    BigDecimal at = Timestamps.fromMicros(clock.now());
    memory.append(
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
    memory.settle();
  }
}
