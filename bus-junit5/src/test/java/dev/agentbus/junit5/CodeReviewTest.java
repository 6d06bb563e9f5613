package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import org.junit.jupiter.api.Test;

@WithAgentBus
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
    traffic.awaitSent(Sent.by("bob").to("author"));
    traffic.awaitSent(Sent.by("carol").to("author"));

    assertThat(author.pollNow())
        .extracting(BusMessage::from)
        .containsExactlyInAnyOrder("bob", "carol");
    traffic.assertThat(Sent.by("author").to("bob").containing("PR 7")).wasDelivered().exactlyOnce();
    traffic.assertThat(Sent.by("carol").to("author")).wasDelivered().exactlyOnce();
    traffic.assertNothingUndelivered();
    traffic.assertNothingOnDefault();
  }
}
