package dev.agentbus.embedded.journal;

import java.math.BigDecimal;

/**
 * A fault a proxy in front of the namespace injected on the wire (a connection reset, a 503, a
 * delay), as the test that drives the proxy reported it. The bus never saw the request it spoiled,
 * or saw it and its answer was spoiled on the way back; this entry puts the fault in order with the
 * traffic the bus did see. Each text is at most {@link #MAX_TEXT_BYTES} bytes in UTF-8, cut with
 * {@code …} beyond.
 *
 * @param seq journal position
 * @param at when it was reported
 * @param agent the agent whose request it spoiled, or {@code null} when not known
 * @param request the request, e.g. {@code POST /send}
 * @param fault what the proxy did, e.g. {@code connection reset} or {@code status 503}
 */
public record WireFaultInjected(long seq, BigDecimal at, String agent, String request, String fault)
    implements JournalEntry {

  /** The most UTF-8 bytes of each text kept. */
  public static final int MAX_TEXT_BYTES = 256;
}
