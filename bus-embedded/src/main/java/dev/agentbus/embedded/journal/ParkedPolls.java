package dev.agentbus.embedded.journal;

import java.util.List;

/**
 * The blocking {@code GET /recv}s one namespace holds at one moment, grouped by recipient and
 * channel asked for, longest-waiting first. An agent that listens has its poll parked most of the
 * time, so these are what says who listens where while a test looks; the journal records a poll
 * only once it is answered.
 *
 * <p>The listing is bounded (see {@link #MAX_LISTED} and {@link #MAX_LISTED_BYTES}); {@link
 * #leftOut()} counts the polls beyond it.
 *
 * @param version changes each time a poll parks in the namespace or stops waiting; two snapshots
 *     with the same version list the same polls
 * @param asOfSeq the journal's next sequence number when the snapshot was taken: every entry before
 *     it happened before, none from it on; {@link Long#MAX_VALUE} for {@link #none()}
 * @param polls the parked polls, grouped, longest-waiting first
 * @param leftOut how many parked polls the listing leaves out to stay within its bounds
 */
public record ParkedPolls(long version, long asOfSeq, List<ParkedPoll> polls, int leftOut) {

  /** The most groups listed; the rest are counted in {@link #leftOut()}. */
  public static final int MAX_LISTED = 1_000;

  /**
   * The most bytes the listed groups take written as JSON (escapes and UTF-8 counted); the first
   * group is always listed, whatever its size.
   */
  public static final int MAX_LISTED_BYTES = 1 << 20;

  private static final ParkedPolls NONE = new ParkedPolls(0, Long.MAX_VALUE, List.of(), 0);

  /**
   * Copies the list so that a snapshot never changes.
   *
   * @param version changes each time a poll parks in the namespace or stops waiting; two snapshots
   *     with the same version list the same polls
   * @param asOfSeq the journal's next sequence number when the snapshot was taken: every entry
   *     before it happened before, none from it on; {@link Long#MAX_VALUE} for {@link #none()}
   * @param polls the parked polls, grouped, longest-waiting first
   * @param leftOut how many parked polls the listing leaves out to stay within its bounds
   */
  public ParkedPolls {
    polls = List.copyOf(polls);
  }

  /**
   * @return no poll known to be parked, and no moment to cut the journal at: for traffic read back
   *     from a file, or from a bus that was already stopped
   */
  public static ParkedPolls none() {
    return NONE;
  }

  /**
   * @return how many polls were parked in all, listed or left out
   */
  public int total() {
    int total = leftOut;
    for (ParkedPoll poll : polls) {
      total += poll.count();
    }
    return total;
  }

  /**
   * @param to a recipient
   * @return its listed groups, longest-waiting first
   */
  public List<ParkedPoll> of(String to) {
    return polls.stream().filter(poll -> poll.to().equals(to)).toList();
  }
}
