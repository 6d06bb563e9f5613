package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a wire fault does to an agent without retries: a Python 3 script on the standard library
 * that makes its one request and fails with whatever the wire did to it.
 */
@WithAgentBus
class PythonAgentUnderFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aConnectionResetOnItsSendEndsItWithAnErrorAndTheMessageNeverReachesTheBus(
      AgentBus bus, Traffic traffic, BusFaults faults) throws IOException {
    faults.onSend().forAgent("carol").next(1).connectionReset();

    AgentProcess carol = bus.start("carol", oneShot("send", "bob", "hello"));

    assertThat(carol.awaitExit(WAIT)).isEqualTo(1);
    assertThat(carol.output()).contains("Traceback").containsPattern("Connection(Reset)?Error");
    assertThat(carol.lines()).noneMatch(line -> line.startsWith("sent "));
    assertThat(traffic.sent()).isEmpty();
  }

  @Test
  void aStatus503OnItsPollEndsItWithTheHttpError(AgentBus bus, BusFaults faults)
      throws IOException {
    faults.onRecv().forAgent("carol").status(503);

    AgentProcess carol = bus.start("carol", oneShot("recv"));

    assertThat(carol.awaitExit(WAIT)).isEqualTo(1);
    assertThat(carol.output()).contains("urllib.error.HTTPError: HTTP Error 503");
  }

  @Test
  void theFirewallBlocksAnAgentThatSendsPythonsDefaultUserAgent(
      AgentBus bus, Traffic traffic, BusFaults faults) throws IOException {
    faults.onAll().firewallBlock();

    AgentProcess carol =
        bus.start("carol", Map.of("AGENT_BUS_UA", ""), oneShot("send", "bob", "hello"));

    assertThat(carol.awaitExit(WAIT)).isEqualTo(1);
    assertThat(carol.output()).contains("urllib.error.HTTPError: HTTP Error 403");
    assertThat(faults.injected())
        .containsExactly(
            new InjectedFault("carol", "POST /send", "firewall block (403 HTML page)"));
    assertThat(traffic.sent()).isEmpty();
  }

  @Test
  void theFirewallLetsThroughAnAgentThatSendsABrowserUserAgent(
      AgentBus bus, @Agent("bob") AgentBusClient bob, BusFaults faults) throws IOException {
    faults.onAll().firewallBlock();

    AgentProcess carol =
        bus.start("carol", Map.of("AGENT_BUS_UA", "Mozilla/5.0"), oneShot("send", "bob", "hello"));

    assertThat(carol.awaitExit(WAIT)).isZero();
    assertThat(bob.pollNow()).extracting(m -> m.msg()).containsExactly("hello");
    assertThat(faults.injected()).isEmpty();
  }

  private List<String> oneShot(String... arguments) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add("python3");
    command.add(TestScripts.oneShotAgent(dir).toString());
    command.addAll(List.of(arguments));
    return command;
  }
}
