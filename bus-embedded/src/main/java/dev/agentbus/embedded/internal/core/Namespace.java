package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.JournalEntry;
import dev.agentbus.embedded.journal.MessageEvicted;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One isolated bus: its queues, its parked polls and its journal.
 *
 * <p>Thread-safety: every operation runs under one lock per namespace, so a send, the scans it
 * triggers, the evictions it makes room with and the journal entries it writes are atomic with
 * respect to every poll. That is what makes {@code now} safe: it is read under the same lock that
 * orders timestamps into the queues. The rooms it keeps apart (the {@link MemoryAccount}, the
 * {@link ParkedPollRegistry}, the {@link TrafficLedger}, the {@link FaultInjector} and the {@link
 * Mailboxes}) have no lock of their own: this lock is the only one, and is taken only here (the
 * fault injector's down state alone is read without it). Answers to polls are handed to their
 * callbacks, and waiters woken, after it is released.
 */
public final class Namespace {

  /** The channel a message lands on when its sender names none. */
  public static final String DEFAULT_CHANNEL = "default";

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

  private final Mailboxes mailboxes;

  /** The in-bus faults a test asked for, and the messages they hold back. */
  private final FaultInjector faults;

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
    this.mailboxes =
        new Mailboxes(
            clock,
            options.maxQueue(),
            memory,
            (evicted, at, wasRead) ->
                recordEviction(evicted, at, wasRead, MessageEvicted.Cause.QUEUE_FULL));
    this.faults = new FaultInjector(clock, memory, ledger, timer, mailboxes, this::release);
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
      requireRunning();
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
        mailboxes.enqueue(message);
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
      StoredMessage newest = rule == null ? message : faults.apply(rule, message);
      if (newest != null) {
        wakeFor(newest, answers);
      } else {
        memory.settle();
      }
    }
    publishAndAnswer(answers);
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
      requireRunning();
      faults.add(rule);
    }
  }

  /** Removes every in-bus fault rule; messages already held back are still released on time. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
  }

  /**
   * Must hold the lock: keeps the budget, then unparks every poll the newly queued message
   * satisfies, adding their answers to run after unlocking. Each poll's timer is cancelled after
   * its answer is handed over, outside the lock: a timer that fires first finds the poll gone.
   */
  private void wakeFor(StoredMessage queued, List<Runnable> answers) {
    memory.settle();
    for (WaitingPoll poll : parked.unparkWantedBy(queued)) {
      Runnable answer = answer(poll);
      answers.add(
          () -> {
            answer.run();
            poll.timeout.cancel(false);
          });
    }
  }

  /** Queues a held-back message under a new timestamp and answers the polls waiting for it. */
  private void release(Future<?> task) {
    List<Runnable> answers = new ArrayList<>();
    synchronized (lock) {
      StoredMessage queued = stopped ? null : faults.release(task);
      if (queued == null) {
        return;
      }
      wakeFor(queued, answers);
    }
    publishAndAnswer(answers);
  }

  /**
   * Publishes the journal, runs the answers a change made, then wakes the journal's watchers, after
   * the lock is released. The entries are visible before any answer leaves, so a client that reads
   * the journal after its answer finds them; the watchers come after the answers, which are what a
   * parked poll is waiting for.
   */
  private void publishAndAnswer(List<Runnable> answers) {
    Runnable wakeWatchers = journal.publishThenNotify();
    answers.forEach(Runnable::run);
    wakeWatchers.run();
    if (!answers.isEmpty()) {
      parked.signalChange();
    }
  }

  /** Must hold the lock: refuses a change to a namespace that was dropped or whose bus stopped. */
  private void requireRunning() {
    if (stopped) {
      throw new NamespaceStoppedException(id);
    }
  }

  /**
   * Restarts the namespace as {@link dev.agentbus.embedded.faults.InBusFaults#restart} describes:
   * cuts its parked polls, keeps or drops its messages, and is {@link #isDown()} for {@code
   * downFor}, which the HTTP layer reads.
   *
   * @param queues whether the messages are kept or lost
   * @param downFor above 0 and at most {@link dev.agentbus.embedded.faults.InBusFaults#MAX_DOWN}
   * @return how many parked polls were cut, once their connections are closed
   * @throws IllegalArgumentException if {@code downFor} is out of bounds: nothing happened
   * @throws NamespaceStoppedException if the namespace was dropped or the bus stopped
   */
  public int restart(RestartQueues queues, Duration downFor) {
    FaultInjector.checkDownFor(downFor);
    List<WaitingPoll> cut;
    synchronized (lock) {
      requireRunning();
      cut = parked.unparkAll();
      cut.forEach(poll -> poll.timeout.cancel(false));
      faults.restart(queues, downFor, cut.size());
    }
    journal.publish();
    cut.forEach(poll -> poll.cut.run());
    parked.signalChange();
    return cut.size();
  }

  /**
   * @return whether a restart keeps this namespace down right now: every request to it has its
   *     connection closed without an answer. Cheap, no lock
   */
  public boolean isDown() {
    return faults.isDown();
  }

  /**
   * Journals a fault a proxy in front of this namespace injected on the wire, as {@link
   * dev.agentbus.embedded.faults.InBusFaults#recordWireFault} describes.
   *
   * @param agent the agent whose request it spoiled, or {@code null} when not known
   * @param request the request, e.g. {@code POST /send}
   * @param fault what the proxy did, e.g. {@code connection reset}
   * @throws IllegalArgumentException if a text is blank, or {@code request} or {@code fault}
   *     missing
   * @throws NamespaceStoppedException if the namespace was dropped or the bus stopped
   */
  public void recordWireFault(String agent, String request, String fault) {
    FaultInjector.checkWireFault(agent, request, fault);
    synchronized (lock) {
      requireRunning();
      faults.wireFault(agent, request, fault);
    }
    journal.publish();
  }

  /**
   * Answers a poll: at once when messages match, when it does not block, or when the bus has
   * stopped; otherwise it parks until a matching message arrives, the recv timeout passes, the bus
   * stops, or the client goes away. No thread waits while it is parked.
   *
   * @param query the validated poll
   * @param answer receives the outcome exactly once (never, if the client goes away first or a
   *     restart cuts the poll); may run on the calling thread before this method returns, on a
   *     sending thread or on the timer
   * @param cut closes the poll's connection without an answer, as a process that dies does; runs
   *     instead of {@code answer} when a {@link #restart} finds the poll parked, on the restarting
   *     thread, which it may block briefly until the connection is closed
   * @return a handle to report that the client went away
   */
  public PollHandle recv(RecvQuery query, Consumer<RecvOutcome> answer, Runnable cut) {
    RecvOutcome outcome;
    WaitingPoll poll = null;
    synchronized (lock) {
      outcome = mailboxes.scan(query, readsChannel(query));
      if (outcome.messages().isEmpty() && query.block() && !stopped) {
        poll =
            new WaitingPoll(
                query, readsChannel(query), answer, cut, System.nanoTime(), clock.now());
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
    synchronized (lock) {
      return mailboxes.inbox();
    }
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
    RecvOutcome outcome = mailboxes.scan(poll.query, readsChannel(poll.query));
    record(poll.query, outcome, poll.waitedMillis(), false);
    return () -> poll.answer.accept(outcome);
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
      if (mailboxes.holdsUnread(sent.to(), sent.channel(), Timestamps.floorMicros(sent.ts()))) {
        ledger.droppedUndelivered();
      }
    }
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
      if (mailboxes.markRead(message) && !message.copy()) {
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
