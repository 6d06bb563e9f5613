package dev.agentbus.embedded.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionException;
import dev.agentbus.embedded.options.ServerOption;
import org.junit.jupiter.api.Test;

/** The builder speaks the options' own names, checks each at once, and the bounds at start. */
class ServerBuilderTest {

  @Test
  void aValueOutOfBoundsIsRefusedAtOnceNamingTheOption() {
    assertThatThrownBy(() -> AgentBusServer.builder().maxQueue(0))
        .isInstanceOfSatisfying(
            OptionException.class,
            e -> assertThat(e.options()).containsExactly(ServerOption.MAX_QUEUE))
        .hasMessage("maxQueue must be a whole number from 1 to 2147483647, got '0'");
  }

  @Test
  void aBudgetTooSmallForTheLargestBodyIsRefusedAtStartNamingBothOptionsAndNoFlag() {
    var builder = AgentBusServer.builder().memoryBudget(1 << 20).maxBodyBytes(1 << 20);

    assertThatThrownBy(builder::start)
        .isInstanceOfSatisfying(
            OptionException.class,
            e ->
                assertThat(e.options())
                    .containsExactly(ServerOption.MEMORY_BUDGET, ServerOption.MAX_BODY_BYTES))
        .hasMessage(
            "memoryBudget of 1048576 bytes could not keep one message of the largest size: give at"
                + " least 10485760 (10 times maxBodyBytes, 1048576, so that half the budget, a"
                + " namespace's share, holds a message and its journal entry)");
  }

  @Test
  void bodiesInFlightSmallerThanTheLargestBodyAreRefusedAtStartNamingBothOptions() {
    var builder = AgentBusServer.builder().maxBodyBytesInFlight(1000);

    assertThatThrownBy(builder::start)
        .hasMessage(
            "maxBodyBytesInFlight of 1000 bytes is smaller than maxBodyBytes, 65536, so a body of"
                + " that size could never be read: give at least 65536");
  }

  @Test
  void anOptionSetByTheModelReachesTheBusAsItsMethodWould() {
    try (AgentBusServer server =
        AgentBusServer.builder()
            .set(ServerOption.CHANNELLESS_RECV, ServerOption.CHANNELLESS_RECV.parse("default"))
            .set(ServerOption.MAX_QUEUE, 7)
            .start()) {
      assertThat(server.info().defaults().channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
      assertThat(server.info().defaults().maxQueue()).isEqualTo(7);
    }
  }

  @Test
  void namespaceOptionsSetOneAtATimeAfterTheDefaultsChangeOnlyThemselves() {
    try (AgentBusServer server =
        AgentBusServer.builder()
            .defaults(NamespaceOptions.builder().maxQueue(5).journalLimit(50).build())
            .journalLimit(60)
            .start()) {
      assertThat(server.info().defaults().maxQueue()).isEqualTo(5);
      assertThat(server.info().defaults().journalLimit()).isEqualTo(60);
    }
  }
}
