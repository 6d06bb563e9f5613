/**
 * What the journal means: per message, whether and when it was delivered, and for a message that
 * reached nobody, why, in plain words. {@link dev.agentbus.embedded.traffic.TrafficAnalysis}
 * derives a {@link dev.agentbus.embedded.traffic.TrafficReport} from a journal and the namespace's
 * exact counts; {@link dev.agentbus.embedded.traffic.Transcript} renders it for a human reading a
 * failed test or a CI log.
 */
package dev.agentbus.embedded.traffic;
