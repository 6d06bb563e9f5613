package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.options.ChannellessRecv;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithAgentBus(channellessRecv = ChannellessRecv.DEFAULT)
class NestedTest {

  @Test
  void theOuterClassGetsItsOptions(AgentBus bus) {
    assertThat(bus.namespace().options().channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
  }

  @Nested
  class InheritingTheOuterAnnotation {
    @Test
    void aNestedTestGetsTheEnclosingClassOptions(AgentBus bus) {
      assertThat(bus.namespace().options().channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
    }

    @Test
    void aNestedTestHasANamespaceAndChannelOfItsOwn(
        @Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob, AgentBus bus) {
      alice.send("bob", "inside");
      assertThat(bob.pollNow()).extracting(BusMessage::channel).containsExactly(bus.channel());
    }

    @Test
    void namespaceNamesEveryEnclosingClass(AgentBus bus) {
      assertThat(bus.namespace().id())
          .startsWith("NestedTest.InheritingTheOuterAnnotation.namespaceNamesEveryEnclosingClass-");
    }
  }

  @Nested
  @WithAgentBus(waf = true)
  class WithItsOwnAnnotation {
    @Test
    void theNearestAnnotationWins(AgentBus bus) {
      assertThat(bus.namespace().options().waf()).isTrue();
      assertThat(bus.namespace().options().channellessRecv()).isEqualTo(ChannellessRecv.ALL);
    }

    @Test
    @WithAgentBus(maxQueue = 5)
    void aMethodAnnotationWinsOverItsClass(AgentBus bus) {
      assertThat(bus.namespace().options().maxQueue()).isEqualTo(5);
      assertThat(bus.namespace().options().waf()).isFalse();
    }
  }
}
