/**
 * The traffic journal: what crossed one namespace of the bus, in order, as plain records.
 *
 * <p>The bus writes an entry for every accepted send, every answered poll and every message evicted
 * (from a full queue, or for the memory budget), and for refused requests as far as they take no
 * room accepted traffic needs. Faults a test injected into the bus are journaled too: a message
 * dropped on purpose, duplicated, held back and released, a restart of the namespace and the
 * messages it lost, and faults a proxy injected on the wire, as its test reports them. Tests,
 * reports and the Maven plugin read it in process or over HTTP under {@code /_bus/journal}.
 *
 * <p>The journal is bounded and gives up its oldest entries; {@link
 * dev.agentbus.embedded.journal.TrafficCounts} are kept beside it and never dropped: exact counts
 * of what was sent, delivered, evicted and refused, and the identities of the newest evictions.
 */
package dev.agentbus.embedded.journal;
