package dev.agentbus.embedded.traffic;

import dev.agentbus.embedded.journal.MessageEvicted;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.ParkedPoll;
import java.util.List;

/**
 * One message and what became of it. The status, the receipts, the channels polled and the polls
 * parked now are the reason as data; {@link #diagnosis()} is the same reason in words, derived from
 * them.
 *
 * @param message the accepted send
 * @param status delivered, pending, or lost and why
 * @param receipts every poll that returned it, oldest first; more than one means it was read again
 * @param channelsPolled for {@link DeliveryStatus#CHANNEL_MISMATCH}, the channels its recipient
 *     polled instead (answered or parked right now), sorted; empty otherwise
 * @param parkedNow the recipient's polls parked when the report was made that the reason rests on:
 *     for {@link DeliveryStatus#CHANNEL_MISMATCH} those on other channels, for {@link
 *     DeliveryStatus#SKIPPED_BY_CURSOR} and {@link DeliveryStatus#NOT_YET_DELIVERED} those that
 *     read its channel; empty otherwise
 * @param diagnosis a plain sentence, e.g. {@code alice -> bob "ping" (channel default) was never
 *     delivered: bob only polled channel c-7 and is parked there now, since 2.0 ms before it was
 *     sent}, with control characters escaped
 * @param eviction for {@link DeliveryStatus#EVICTED}, the eviction, with its cause; {@code null}
 *     otherwise
 */
public record MessageOutcome(
    MessageSent message,
    DeliveryStatus status,
    List<Receipt> receipts,
    List<String> channelsPolled,
    List<ParkedPoll> parkedNow,
    String diagnosis,
    MessageEvicted eviction) {

  /**
   * Copies the lists so that an outcome never changes.
   *
   * @param message the accepted send
   * @param status delivered, pending, or lost and why
   * @param receipts every poll that returned it, oldest first; more than one means it was read
   *     again
   * @param channelsPolled for {@link DeliveryStatus#CHANNEL_MISMATCH}, the channels its recipient
   *     polled instead (answered or parked right now), sorted; empty otherwise
   * @param parkedNow the recipient's polls parked when the report was made that the reason rests
   *     on: for {@link DeliveryStatus#CHANNEL_MISMATCH} those on other channels, for {@link
   *     DeliveryStatus#SKIPPED_BY_CURSOR} and {@link DeliveryStatus#NOT_YET_DELIVERED} those that
   *     read its channel; empty otherwise
   * @param diagnosis a plain sentence, e.g. {@code alice -> bob "ping" (channel default) was never
   *     delivered: bob only polled channel c-7 and is parked there now, since 2.0 ms before it was
   *     sent}, with control characters escaped
   * @param eviction for {@link DeliveryStatus#EVICTED}, the eviction, with its cause; {@code null}
   *     otherwise
   */
  public MessageOutcome {
    receipts = List.copyOf(receipts);
    channelsPolled = List.copyOf(channelsPolled);
    parkedNow = List.copyOf(parkedNow);
  }

  /**
   * An outcome that is not an eviction.
   *
   * @param message the accepted send
   * @param status delivered, pending, or lost and why
   * @param receipts every poll that returned it, oldest first
   * @param channelsPolled for a channel mismatch, the channels its recipient polled instead
   * @param parkedNow the recipient's polls parked now that the reason rests on
   * @param diagnosis the reason in words
   */
  public MessageOutcome(
      MessageSent message,
      DeliveryStatus status,
      List<Receipt> receipts,
      List<String> channelsPolled,
      List<ParkedPoll> parkedNow,
      String diagnosis) {
    this(message, status, receipts, channelsPolled, parkedNow, diagnosis, null);
  }

  /**
   * An outcome with no parked poll behind its reason.
   *
   * @param message the accepted send
   * @param status delivered, pending, or lost and why
   * @param receipts every poll that returned it, oldest first
   * @param channelsPolled for a channel mismatch, the channels its recipient polled instead
   * @param diagnosis the reason in words
   */
  public MessageOutcome(
      MessageSent message,
      DeliveryStatus status,
      List<Receipt> receipts,
      List<String> channelsPolled,
      String diagnosis) {
    this(message, status, receipts, channelsPolled, List.of(), diagnosis, null);
  }

  /**
   * @return {@code true} if more than one poll returned the message
   */
  public boolean deliveredMoreThanOnce() {
    return receipts.size() > 1;
  }
}
