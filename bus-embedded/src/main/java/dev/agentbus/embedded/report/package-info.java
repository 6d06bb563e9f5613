/**
 * Traffic as a picture: {@link dev.agentbus.embedded.report.HtmlReport} renders one namespace's
 * traffic as a self-contained HTML page with a sequence diagram (who sent what to whom, on which
 * channel, what became of it, and where each recipient polled), the sibling of {@link
 * dev.agentbus.embedded.traffic.Transcript}; {@link dev.agentbus.embedded.report.ReportIndex}
 * renders the page that lists every namespace of a build, failures first.
 */
package dev.agentbus.embedded.report;
