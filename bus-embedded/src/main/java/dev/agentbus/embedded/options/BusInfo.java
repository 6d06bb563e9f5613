package dev.agentbus.embedded.options;

/**
 * What a bus says about itself and one of its namespaces ({@code GET /_bus/info}, or {@code GET
 * /ns/<id>/_bus/info}).
 *
 * @param version the bus's version
 * @param namespace the namespace described; empty for the root
 * @param options that namespace's options
 * @param defaults the options a namespace gets when a protocol request creates it on first use
 * @param namespaces how many namespaces exist, not counting the root
 * @param parkedPolls how many polls are parked in the namespace described
 * @param journalNextSeq the sequence number its journal's next entry will get
 * @param journalDropped how many entries its journal has discarded to stay within its bounds
 * @param memoryUsed the bytes all namespaces hold against the memory budget, estimated
 * @param memoryBudget the memory budget of the whole bus, in bytes
 */
public record BusInfo(
    String version,
    String namespace,
    NamespaceOptions options,
    NamespaceOptions defaults,
    int namespaces,
    int parkedPolls,
    long journalNextSeq,
    long journalDropped,
    long memoryUsed,
    long memoryBudget) {}
