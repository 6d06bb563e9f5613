package dev.agentbus.embedded.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.BusConnection;
import org.junit.jupiter.api.Test;

/** The namespace contract on a bus in this JVM, through {@link AgentBusServer} itself. */
class EmbeddedNamespaceTest extends BusNamespaceContract {

  @Override
  BusConnection connect(AgentBusServer server) {
    return server;
  }

  @Test
  void aReportMadeWhileMessagesArriveShowsEveryEntryTheJournalHeldAtItsMoment() {
    // In this JVM the journal is read under the lock it is written under: a report never misses
    // an entry that a send made the journal give up after the report's moment.
    reportWhileSending(
        busyNamespace(),
        report -> {
          long sent = report.trafficCounts().sent();
          assertThat(report.messages())
              .as("messages shown by a report of %d sends", sent)
              .hasSize((int) Math.min(BUSY_JOURNAL_LIMIT, sent));
        });
  }
}
