package dev.agentbus.samples.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.AgentProcess;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two agents written in Python (agents/, standard library only) and one in Java, on a real bus.
 * Each Python agent runs as its own process with the environment of this test's isolated bus
 * ({@code AGENT_BUS_URL}, {@code AGENT_NAME}, {@code AGENT_BUS_CHANNEL}, {@code AGENT_BUS_UA}), as
 * a deployment would give it; the test kills them, with their children, when it ends. ({@code -B}:
 * no {@code __pycache__} beside the scripts.)
 */
@WithAgentBus
class PythonAgentsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TEXT = "The dog barks. The cat sleeps; the DOG wakes!";

  @Test
  void theJavaAgentGetsWordCountsFromTwoPythonAgents(
      @Agent("editor") AgentBusClient editor, AgentBus bus, Traffic traffic) {
    AgentProcess tokenizer =
        bus.start("tokenizer", List.of("python3", "-B", "agents/tokenizer.py", "--count", "1"));
    AgentProcess counter =
        bus.start("counter", List.of("python3", "-B", "agents/counter.py", "--count", "1"));
    tokenizer.awaitLine(line -> line.equals("listening as tokenizer on " + bus.channel()), WAIT);
    counter.awaitLine(line -> line.equals("listening as counter on " + bus.channel()), WAIT);
    traffic.awaitPolling("tokenizer", WAIT);
    traffic.awaitPolling("counter", WAIT);

    editor.send("tokenizer", TEXT);
    traffic.awaitSent(Sent.by("counter").to("editor"), WAIT);

    assertThat(editor.pollNow())
        .extracting(BusMessage::msg)
        .containsExactly("the=3 dog=2 barks=1 cat=1 sleeps=1 wakes=1");
    // what the agents printed
    tokenizer.awaitLine(line -> line.equals("got editor: " + TEXT), WAIT);
    counter.awaitLine(
        line -> line.equals("reported to editor: the=3 dog=2 barks=1 cat=1 sleeps=1 wakes=1"),
        WAIT);
    assertThat(tokenizer.awaitExit(WAIT)).isZero();
    assertThat(counter.awaitExit(WAIT)).isZero();
    // what crossed the bus: a chain of three, each once, on the test's channel, in order
    traffic.assertInOrder(
        Sent.by("editor").to("tokenizer").on(bus.channel()),
        Sent.by("tokenizer")
            .to("counter")
            .on(bus.channel())
            .containing("words for editor: the dog barks the cat sleeps the dog wakes"),
        Sent.by("counter").to("editor").on(bus.channel()));
    traffic.assertThat(Sent.by("editor").to("tokenizer")).wasDelivered().exactlyOnce();
    traffic.assertThat(Sent.by("tokenizer").to("counter")).wasDelivered().exactlyOnce();
    traffic.assertThat(Sent.by("counter").to("editor")).wasDelivered().exactlyOnce();
    assertThat(traffic.sent()).hasSize(3);
    traffic.assertNothingUndelivered();
    traffic.assertNoRejectedRequest();
  }

  @Test
  @WithAgentBus(waf = true)
  void thePythonAgentsPassTheHostedBussFirewall(
      @Agent("editor") AgentBusClient editor, AgentBus bus, Traffic traffic) {
    AgentProcess tokenizer =
        bus.start(
            "tokenizer",
            Map.of("TOKENIZER_FORWARD_TO", "editor"),
            List.of("python3", "-B", "agents/tokenizer.py", "--count", "1"));
    traffic.awaitPolling("tokenizer", WAIT);

    editor.send("tokenizer", "Hello, firewall");
    traffic.awaitSent(Sent.by("tokenizer").to("editor"), WAIT);

    assertThat(editor.pollNow())
        .extracting(BusMessage::msg)
        .containsExactly("words for editor: hello firewall");
    assertThat(tokenizer.awaitExit(WAIT)).isZero();
    traffic.assertNoRejectedRequest();
    traffic.assertNothingUndelivered();
  }
}
