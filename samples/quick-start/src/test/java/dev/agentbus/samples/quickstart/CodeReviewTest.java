package dev.agentbus.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import org.junit.jupiter.api.Test;

@WithAgentBus // a real bus; this test gets a namespace and a channel of its own
class CodeReviewTest {

  @Test
  void bothReviewersAnswerTheAuthor(
      @Agent("author") AgentBusClient author,
      @Agent("bob") AgentBusClient bob,
      @Agent("carol") AgentBusClient carol,
      Traffic traffic) {
    bob.listen(m -> bob.send(m.from(), "LGTM: " + m.msg())); // reviewers answer every request
    carol.listen(m -> carol.send(m.from(), "one nit: " + m.msg()));

    author.send("bob", "review PR 7");
    author.send("carol", "review PR 7");
    traffic.awaitSent(Sent.by("bob").to("author")); // wakes on the bus's journal, no sleeping
    traffic.awaitSent(Sent.by("carol").to("author"));

    assertThat(author.pollNow())
        .extracting(BusMessage::from)
        .containsExactlyInAnyOrder("bob", "carol");
    traffic.assertThat(Sent.by("author").to("bob").containing("PR 7")).wasDelivered().exactlyOnce();
    traffic.assertNothingUndelivered();
    traffic.assertNothingOnDefault();
  }
}
