package dev.agentbus.samples.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.payload.Chunking;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.AgentBus;
import dev.agentbus.junit5.Sent;
import dev.agentbus.junit5.Traffic;
import dev.agentbus.junit5.WithAgentBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team as it runs in production, each agent built from the environment its deployment would
 * give it, on a real bus: a namespace and a channel of this test's own.
 */
@WithAgentBus
class AgentTeamTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theReviewerApprovesWhatThePlannerPutTogetherFromTwoWorkers(
      @Agent("requester") AgentBusClient requester,
      AgentBus bus,
      Traffic traffic,
      @TempDir Path shared) {
    try (Worker remote = Worker.fromEnvironment(bus.environment("worker-a"));
        Worker local =
            Worker.fromEnvironment(
                with(bus.environment("worker-b"), "AGENT_TEAM_SHARED_DIR", shared.toString()));
        Reviewer reviewer = Reviewer.fromEnvironment(bus.environment("reviewer"));
        Planner planner = Planner.fromEnvironment(plannerEnvironment(bus))) {
      Stream.of(remote, local, reviewer, planner).forEach(TeamAgent::start);
      Stream.of("worker-a", "worker-b", "reviewer", "planner").forEach(traffic::awaitPolling);

      requester.send("planner", "TASK primes below 200000");
      traffic.awaitSent(Sent.by("planner").to("requester"), WAIT);

      assertThat(requester.pollNow())
          .extracting(BusMessage::msg)
          .containsExactly("DONE task-1: 17984 primes below 200000, approved by reviewer");
      Stream.of(remote, local, reviewer, planner)
          .forEach(agent -> assertThat(agent.failures()).as(agent.name()).isEmpty());
    }

    // who talked to whom, and nobody else
    assertThat(traffic.sent())
        .extracting(sent -> sent.from() + " -> " + sent.to())
        .containsOnly(
            "requester -> planner",
            "planner -> worker-a",
            "planner -> worker-b",
            "worker-a -> planner",
            "worker-b -> planner",
            "planner -> reviewer",
            "reviewer -> planner",
            "planner -> requester");
    // in order: the results may come in either order, but both before the review
    traffic.assertInOrder(
        Sent.by("requester").to("planner").containing("TASK primes below 200000"),
        Sent.by("planner").to("worker-a").containing("WORK task-1.1 primes 2 100001"),
        Sent.by("planner").to("worker-b").containing("WORK task-1.2 primes 100001 200000"),
        Sent.by("worker-a").to("planner"),
        Sent.by("planner").to("reviewer").containing("REVIEW task-1 primes below 200000: 17984"),
        Sent.by("reviewer").to("planner").containing("APPROVED task-1"),
        Sent.by("planner").to("requester").containing("DONE task-1"));
    traffic.assertInOrder(Sent.by("worker-b").to("planner"), Sent.by("planner").to("reviewer"));
    // exactly once each: one message per step, and each read by one poll
    for (Sent step :
        List.of(
            Sent.by("requester").to("planner"),
            Sent.by("planner").to("worker-a"),
            Sent.by("planner").to("worker-b"),
            Sent.by("worker-b").to("planner").containing("FILE sha256="),
            Sent.by("planner").to("reviewer"),
            Sent.by("reviewer").to("planner"),
            Sent.by("planner").to("requester"))) {
      traffic.assertThat(step).wasSent().exactlyOnce();
      traffic.assertThat(step).wasDelivered().exactlyOnce();
    }
    // worker-a shares no folder: its 56 KB result came in chunks, each sent and read once
    int chunks =
        Chunking.split(
                "task-1.1",
                Primes.text(Primes.between(2, 100_001)).getBytes(StandardCharsets.UTF_8))
            .size();
    assertThat(chunks).isGreaterThan(1);
    traffic
        .assertThat(Sent.by("worker-a").to("planner").containing("task-1.1 "))
        .wasSent()
        .times(chunks);
    traffic.assertThat(Sent.by("worker-a").to("planner")).wasDelivered().times(chunks);
    // worker-b shares one: its result is a file there, named in one message
    traffic.assertThat(Sent.by("worker-b").to("planner")).wasSent().exactlyOnce();
    assertThat(shared.resolve("task-1.2.txt")).exists();
    traffic.assertNothingUndelivered();
    traffic.assertNothingOnDefault();
    traffic.assertNoRejectedRequest();
  }

  @Test
  void smallResultsTravelInOneMessageEach(
      @Agent("requester") AgentBusClient requester, AgentBus bus, Traffic traffic) {
    try (Worker a = Worker.fromEnvironment(bus.environment("worker-a"));
        Worker b = Worker.fromEnvironment(bus.environment("worker-b"));
        Reviewer reviewer = Reviewer.fromEnvironment(bus.environment("reviewer"));
        Planner planner = Planner.fromEnvironment(plannerEnvironment(bus))) {
      Stream.of(a, b, reviewer, planner).forEach(TeamAgent::start);
      Stream.of("worker-a", "worker-b", "reviewer", "planner").forEach(traffic::awaitPolling);

      requester.send("planner", "TASK primes below 100");
      traffic.awaitSent(Sent.by("planner").to("requester"), WAIT);

      assertThat(requester.pollNow())
          .extracting(BusMessage::msg)
          .containsExactly("DONE task-1: 25 primes below 100, approved by reviewer");
    }
    traffic
        .assertThat(Sent.by("worker-a").to("planner").containing("RESULT task-1.1\n2\n3\n5"))
        .wasDelivered()
        .exactlyOnce();
    traffic
        .assertThat(Sent.by("worker-b").to("planner").containing("RESULT task-1.2\n"))
        .wasDelivered()
        .exactlyOnce();
    traffic.assertNothingUndelivered();
  }

  private static Map<String, String> plannerEnvironment(AgentBus bus) {
    Map<String, String> environment = bus.environment("planner");
    environment.put("AGENT_TEAM_WORKERS", "worker-a,worker-b");
    environment.put("AGENT_TEAM_REVIEWER", "reviewer");
    return environment;
  }

  private static Map<String, String> with(
      Map<String, String> environment, String name, String value) {
    Map<String, String> more = new HashMap<>(environment);
    more.put(name, value);
    return more;
  }
}
