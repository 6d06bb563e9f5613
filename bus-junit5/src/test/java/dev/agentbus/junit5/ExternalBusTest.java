package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * With {@code agentbus.url} set (as {@code bus:start} sets it), the extension uses that running bus
 * over HTTP, with the same isolation and options per test, and starts none of its own. The URL is
 * handed to the engine run as a configuration parameter, so nothing JVM-wide changes.
 */
class ExternalBusTest {

  @Test
  void testsRunOnTheNamedBusInNamespacesOfTheirOwnThatAreDroppedAfterwards() {
    try (AgentBusServer external = AgentBusServer.builder().start()) {
      EngineExecutionResults results =
          EngineRuns.run(
              OnWhateverBusIsConfigured.class, Map.of("agentbus.url", external.url().toString()));

      assertThat(EngineRuns.failureMessages(results)).isEmpty();
      results.testEvents().assertStatistics(s -> s.succeeded(2));
      List<String> urls = EngineRuns.reported(results, "url");
      assertThat(urls)
          .hasSize(2)
          .allMatch(
              url ->
                  url.startsWith(
                      external.url() + "/ns/ExternalBusTest.OnWhateverBusIsConfigured."));
      for (String namespace : EngineRuns.reported(results, "namespace")) {
        assertThat(external.namespace(namespace))
            .as("namespace %s after its test", namespace)
            .isEmpty();
      }
      assertThat(external.info().namespaces()).isZero();
    }
  }

  @Test
  void aFailedTestOnTheNamedBusStillShowsItsTranscript(@TempDir Path reports) {
    try (AgentBusServer external = AgentBusServer.builder().start()) {
      EngineExecutionResults results =
          EngineRuns.run(
              FailsOnWhateverBus.class,
              Map.of(
                  "agentbus.url", external.url().toString(),
                  "agentbus.reports.dir", reports.toString()));

      results.testEvents().assertStatistics(s -> s.failed(1));
      assertThat(EngineRuns.reported(results, "agentbus.transcript"))
          .singleElement()
          .asString()
          .contains("NOT DELIVERED: alice only polled channel default");
    }
  }

  @Test
  void aTestThatAsksForAPrivateBusGetsAnEmbeddedOneEvenWhenABusIsNamed() {
    try (AgentBusServer external = AgentBusServer.builder().start()) {
      EngineExecutionResults results =
          EngineRuns.run(OnAPrivateBus.class, Map.of("agentbus.url", external.url().toString()));

      results.testEvents().assertStatistics(s -> s.succeeded(1));
      URI url = URI.create(EngineRuns.reported(results, "url").get(0));
      assertThat(url.getPort()).isNotEqualTo(external.url().getPort());
    }
  }

  @Test
  void aNamedBusThatNeverAnswersFailsTheFirstTestWithinSecondsAndTheRestAtOnce()
      throws IOException {
    // accepts connections (the kernel completes them) and never reads a request
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort();
      long start = System.nanoTime();

      EngineExecutionResults results =
          EngineRuns.run(OnWhateverBusIsConfigured.class, Map.of("agentbus.url", url));

      List<Event> failed = results.testEvents().failed().list();
      assertThat(failed).hasSize(2);
      assertThat(failed)
          .extracting(EngineRuns::failure)
          .allSatisfy(
              failure ->
                  assertThat(failure)
                      .isInstanceOf(ExtensionConfigurationException.class)
                      .hasMessageStartingWith(
                          "agentbus.url = " + url + ": the bus did not answer GET /_bus/info")
                      .hasMessageContaining("unset it"));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(BusResource.FIRST_CONTACT.plusSeconds(5));
      assertThat(Duration.between(failed.get(0).getTimestamp(), failed.get(1).getTimestamp()))
          .as("the second test after the first")
          .isLessThan(Duration.ofSeconds(1));
    }
  }

  @WithAgentBus(scope = BusScope.CLASS)
  static class OnAPrivateBus {
    @Test
    void test(AgentBus bus, TestReporter reporter) {
      reporter.publishEntry("url", bus.url().toString());
    }
  }

  @WithAgentBus
  static class OnWhateverBusIsConfigured {
    @Test
    void mismatchDiagnosedOverHttp(
        @Agent("bob") AgentBusClient bob,
        @Agent(value = "alice", noChannel = true) AgentBusClient alice,
        AgentBus bus,
        Traffic traffic,
        TestReporter reporter) {
      reporter.publishEntry(Map.of("url", bus.url().toString(), "namespace", bus.namespace().id()));
      bob.send("alice", "ping");
      assertThat(alice.pollNow()).extracting(BusMessage::msg).containsExactly("ping");
      alice.send("bob", "pong");
      assertThat(bob.pollNow()).isEmpty();
      traffic.assertThat(Sent.by("alice").to("bob")).hasStatus(DeliveryStatus.CHANNEL_MISMATCH);
    }

    @Test
    @WithAgentBus(channellessRecv = ChannellessRecv.DEFAULT, waf = true)
    void perTestOptionsApplyOnTheNamedBus(AgentBus bus, TestReporter reporter) {
      reporter.publishEntry(Map.of("url", bus.url().toString(), "namespace", bus.namespace().id()));
      assertThat(bus.namespace().options().channellessRecv()).isEqualTo(ChannellessRecv.DEFAULT);
      assertThat(bus.namespace().options().waf()).isTrue();
      assertThat(URI.create(bus.url().toString()).getPath()).startsWith("/ns/");
    }
  }

  @WithAgentBus(channellessRecv = ChannellessRecv.DEFAULT)
  static class FailsOnWhateverBus {
    @Test
    void test(
        @Agent(value = "alice", noChannel = true) AgentBusClient alice,
        @Agent("bob") AgentBusClient bob) {
      bob.send("alice", "ping");
      alice.pollNow();
      throw new AssertionError("alice never answered");
    }
  }
}
