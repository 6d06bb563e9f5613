package dev.agentbus.embedded.internal.core;

import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.InBusFaults;
import dev.agentbus.embedded.faults.RestartQueues;
import dev.agentbus.embedded.journal.MessageDroppedOnPurpose;
import dev.agentbus.embedded.journal.MessageDuplicated;
import dev.agentbus.embedded.journal.MessageHeldBack;
import dev.agentbus.embedded.journal.MessageLostInRestart;
import dev.agentbus.embedded.journal.MessageReleased;
import dev.agentbus.embedded.journal.NamespaceRestarted;
import dev.agentbus.embedded.journal.WireFaultInjected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Applies a namespace's in-bus faults to the messages it accepts (drop, duplicate, hold back),
 * keeps the messages held back until their timers release them, and journals every fault applied, a
 * restart and the messages it lost, and a fault a proxy reports it injected on the wire.
 *
 * <p>Not thread-safe, and no lock of its own: every call must hold the owning {@link Namespace}'s
 * lock, so that a fault is one step with the send, release or restart it belongs to, for every
 * poll. The release timers it schedules call back into the namespace, which takes that lock first.
 * Only {@link #isDown()} needs no lock: every request routed to the namespace asks it.
 */
final class FaultInjector {

  private final BusClock clock;
  private final MemoryAccount memory;
  private final TrafficLedger ledger;
  private final ScheduledExecutorService timer;
  private final Mailboxes mailboxes;

  /** Takes the namespace's lock and calls {@link #release}: runs on the timer when a hold ends. */
  private final Consumer<Future<?>> holdEnded;

  private final FaultPlan plan = new FaultPlan();

  /** Until when, in {@link System#nanoTime()}, a restart keeps the namespace down. */
  private volatile long downUntilNanos = System.nanoTime();

  /** The messages held back, by the timer task that releases each. */
  private final Map<Future<?>, StoredMessage> held = new HashMap<>();

  FaultInjector(
      BusClock clock,
      MemoryAccount memory,
      TrafficLedger ledger,
      ScheduledExecutorService timer,
      Mailboxes mailboxes,
      Consumer<Future<?>> holdEnded) {
    this.clock = clock;
    this.memory = memory;
    this.ledger = ledger;
    this.timer = timer;
    this.mailboxes = mailboxes;
    this.holdEnded = holdEnded;
  }

  /**
   * @param rule a rule to ask after those there
   * @throws IllegalStateException if the namespace holds {@link InBusFaults#MAX_RULES} already
   */
  void add(FaultRule rule) {
    plan.add(rule);
  }

  void clear() {
    plan.clear();
  }

  /**
   * @return the rule that picks this send, or {@code null} for normal delivery
   */
  FaultRule decide(String from, String to) {
    return plan.decide(from, to);
  }

  /**
   * Applies a fault to a message just accepted and journaled as sent, and journals the fault. A
   * duplicated message was queued by the namespace and its copy is queued here; a dropped or
   * held-back one is not queued.
   *
   * @return the newest message queued, whose arrival wakes polls, or {@code null} if none was
   */
  StoredMessage apply(FaultRule rule, StoredMessage message) {
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
        mailboxes.enqueue(copy);
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

  private void holdBack(StoredMessage message, Duration holdFor) {
    memory.heldBack(message);
    BigDecimal ts = Timestamps.fromMicros(message.ts());
    BigDecimal until = Timestamps.fromMicros(message.ts() + holdFor.toNanos() / 1_000);
    memory.append(
        seq ->
            new MessageHeldBack(
                seq, ts, ts, message.channel(), message.from(), message.to(), until));
    // The task takes the namespace's lock before it reads the reference, so it is set by then.
    AtomicReference<Future<?>> task = new AtomicReference<>();
    task.set(
        timer.schedule(
            () -> holdEnded.accept(task.get()), holdFor.toNanos(), TimeUnit.NANOSECONDS));
    held.put(task.get(), message);
  }

  /**
   * Queues a held-back message whose hold ended under a new timestamp, and journals it.
   *
   * @return the message as queued, or {@code null} if it is no longer held (a restart lost it)
   */
  StoredMessage release(Future<?> task) {
    StoredMessage message = held.remove(task);
    if (message == null) {
      return null;
    }
    memory.released(message);
    StoredMessage queued = message.at(clock.nextTimestamp(), false);
    mailboxes.enqueue(queued);
    BigDecimal queuedTs = Timestamps.fromMicros(queued.ts());
    memory.append(
        seq ->
            new MessageReleased(
                seq,
                queuedTs,
                Timestamps.fromMicros(message.ts()),
                queuedTs,
                message.channel(),
                message.from(),
                message.to()));
    return queued;
  }

  /**
   * Cancels every hold: the messages held back are no longer counted, and never queued.
   *
   * @return those messages, oldest first
   */
  List<StoredMessage> cancelHolds() {
    List<StoredMessage> cancelled = new ArrayList<>(held.size());
    held.forEach(
        (task, message) -> {
          task.cancel(false);
          memory.released(message);
          cancelled.add(message);
        });
    held.clear();
    cancelled.sort((a, b) -> Long.compare(a.ts(), b.ts()));
    return cancelled;
  }

  /**
   * Journals and counts a message no poll had returned that a restart dropped.
   *
   * @param message the message, under the timestamp it was queued with
   */
  private void lostInRestart(StoredMessage message) {
    BigDecimal at = Timestamps.fromMicros(clock.now());
    BigDecimal ts = Timestamps.fromMicros(message.ts());
    ledger.lostInRestart();
    memory.append(
        seq ->
            new MessageLostInRestart(seq, at, ts, message.channel(), message.from(), message.to()));
  }

  /**
   * Takes the namespace down for {@code downFor}, drops its messages if they are lost (each unread
   * one journaled), and journals the restart. Its parked polls were unparked by the caller.
   */
  void restart(RestartQueues queues, Duration downFor, int pollsCut) {
    downUntilNanos = System.nanoTime() + downFor.toNanos();
    long lost = 0;
    if (queues == RestartQueues.LOST) {
      lost = mailboxes.dropAll(this::lostInRestart);
      for (StoredMessage message : cancelHolds()) {
        lostInRestart(message);
        lost++;
      }
    }
    long messagesLost = lost;
    BigDecimal at = Timestamps.fromMicros(clock.now());
    ledger.restarted();
    memory.append(
        seq -> new NamespaceRestarted(seq, at, queues, messagesLost, pollsCut, downFor.toMillis()));
    memory.settle();
  }

  /**
   * @return whether a restart keeps the namespace down right now. Needs no lock
   */
  boolean isDown() {
    return downUntilNanos - System.nanoTime() > 0;
  }

  /** Journals and counts a fault a proxy injected on the wire, its texts already checked. */
  void wireFault(String agent, String request, String fault) {
    BigDecimal at = Timestamps.fromMicros(clock.now());
    ledger.wireFault();
    memory.append(
        seq ->
            new WireFaultInjected(
                seq, at, agent == null ? null : cut(agent), cut(request), cut(fault)));
    memory.settle();
  }

  /**
   * @throws IllegalArgumentException naming {@code downFor}, its value and the bounds, unless it is
   *     above 0 and at most {@link InBusFaults#MAX_DOWN}
   */
  static void checkDownFor(Duration downFor) {
    if (downFor == null
        || downFor.isNegative()
        || downFor.isZero()
        || downFor.compareTo(InBusFaults.MAX_DOWN) > 0) {
      throw new IllegalArgumentException(
          "downFor must be above 0 and at most "
              + InBusFaults.MAX_DOWN.toSeconds()
              + " seconds, got "
              + (downFor == null ? "none" : downFor.toMillis() + " ms")
              + "; a restart emulates a process that comes back, so give it a short time such as"
              + " 500 ms");
    }
  }

  /**
   * @throws IllegalArgumentException naming the text that is blank, or missing where it must not be
   */
  static void checkWireFault(String agent, String request, String fault) {
    if (agent != null) {
      checkText("agent", agent, "alice, or leave it out when not known");
    }
    checkText("request", request, "POST /send");
    checkText("fault", fault, "connection reset or status 503");
  }

  private static void checkText(String name, String value, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name
              + " must be a text that is not blank, got "
              + (value == null ? "none" : "'" + value + "'")
              + "; say what it was, e.g. "
              + example);
    }
  }

  /**
   * @return the text itself when its UTF-8 takes at most {@link WireFaultInjected#MAX_TEXT_BYTES},
   *     else its longest beginning that fits with {@code …} after it, never a character split
   */
  static String cut(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= WireFaultInjected.MAX_TEXT_BYTES) {
      return text;
    }
    String ellipsis = "…";
    int room = WireFaultInjected.MAX_TEXT_BYTES - ellipsis.getBytes(StandardCharsets.UTF_8).length;
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > room) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + ellipsis;
  }
}
