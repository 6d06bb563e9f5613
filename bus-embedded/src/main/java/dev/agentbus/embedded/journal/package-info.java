/**
 * The traffic journal: what crossed one namespace of the bus, in order, as plain records.
 *
 * <p>The bus writes an entry for every accepted send, every rejected request, every answered poll
 * and every message evicted from a full queue. Tests, reports and the Maven plugin read it in
 * process or over HTTP under {@code /_bus/journal}.
 */
package dev.agentbus.embedded.journal;
