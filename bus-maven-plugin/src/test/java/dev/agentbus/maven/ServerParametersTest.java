package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class ServerParametersTest {

  private static ServerParameters defaults() {
    return bounds(0, 10_000, 0);
  }

  /** The defaults but for the bounds in bytes these tests are about. */
  private static ServerParameters bounds(
      long memoryBudget, int maxNamespaces, long maxPollBytesInFlight) {
    return parameters(memoryBudget, maxNamespaces, maxPollBytesInFlight, 0);
  }

  private static ServerParameters parameters(
      long memoryBudget, int maxNamespaces, long maxPollBytesInFlight, int maxConnections) {
    return new ServerParameters(
        "127.0.0.1",
        0,
        "",
        "all",
        "30",
        1000,
        65536,
        false,
        null,
        1000,
        memoryBudget,
        maxNamespaces,
        0,
        0,
        maxPollBytesInFlight,
        maxConnections);
  }

  /** The defaults but for the cap on connections. */
  private static ServerParameters maxConnections(int maxConnections) {
    return parameters(0, 10_000, 0, maxConnections);
  }

  @Test
  void theDefaultsStartABusOnLoopbackOnAFreePort() throws Exception {
    try (AgentBusServer server = defaults().toBuilder().start()) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.port()).isPositive();
      HealthCheck.await(server.url(), null);
    }
  }

  @Test
  void aBasePathAndATokenAreApplied() throws Exception {
    ServerParameters parameters =
        new ServerParameters(
            "127.0.0.1",
            0,
            "/agent-bus",
            "default",
            "0.5",
            10,
            1024,
            true,
            "s3cret",
            1000,
            0,
            10_000,
            0,
            0,
            0,
            0);

    try (AgentBusServer server = parameters.toBuilder().start()) {
      assertThat(server.url().getPath()).isEqualTo("/agent-bus");
      HealthCheck.await(server.url(), "s3cret");
      assertThatThrownBy(() -> HealthCheck.await(server.url(), null))
          .hasMessageContaining("answered 401");
    }
  }

  @Test
  void aMemoryBudgetPastTwoGigabytesAndANamespaceBoundAreApplied() throws Exception {
    ServerParameters parameters = bounds(3_000_000_000L, 1, 0);

    try (AgentBusServer server = parameters.toBuilder().start()) {
      assertThat(server.info().memoryBudget()).isEqualTo(3_000_000_000L);
      server.createNamespace("first", NamespaceOptions.defaults());
      assertThatThrownBy(() -> server.createNamespace("second", NamespaceOptions.defaults()))
          .hasMessageContaining("already has 1 namespaces");
    }
  }

  @Test
  void bytesInFlightAreApplied() throws Exception {
    ServerParameters parameters = bounds(0, 10, 100);

    try (AgentBusServer server = parameters.toBuilder().start()) {
      HttpResponse<String> poll =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/recv?to=b&block=true")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(poll.body()).contains("more than the 100-byte limit for parked polls");
    }
  }

  @Test
  void boundsThatDoNotFitTogetherFailTheGoalSayingWhy() {
    ServerParameters parameters = bounds(100, 10, 0);

    assertThatThrownBy(() -> parameters.toBuilder().start())
        .hasMessageContaining("could not keep one message of the largest size");
  }

  @Test
  void aMemoryBudgetOfZeroLeavesTheServersDefault() throws Exception {
    try (AgentBusServer server = defaults().toBuilder().start()) {
      assertThat(server.info().memoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 5 * 2);
    }
  }

  @Test
  void aNegativeMemoryBudgetIsRefusedNamingTheParameter() {
    ServerParameters parameters = bounds(-1, 10_000, 0);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith(
            "agentbus.memoryBudget must be a number of bytes, or 0 for two fifths of the heap, got"
                + " '-1'");
  }

  @Test
  void anUnknownChannellessModeIsRefusedNamingTheParameterAndTheChoices() {
    ServerParameters parameters =
        new ServerParameters(
            "127.0.0.1",
            0,
            "",
            "none",
            "30",
            1000,
            65536,
            false,
            null,
            1000,
            0,
            10_000,
            0,
            0,
            0,
            0);

    assertThatThrownBy(parameters::toBuilder)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "agentbus.channellessRecv must be 'all' or 'default', got 'none': set"
                + " <channellessRecv> in the plugin's configuration or -Dagentbus.channellessRecv"
                + " to a valid value (usually all, the hosted bus's)");
  }

  @Test
  void aRecvTimeoutThatIsNotAPositiveNumberIsRefused() {
    ServerParameters parameters =
        new ServerParameters(
            "127.0.0.1",
            0,
            "",
            "all",
            "soon",
            1000,
            65536,
            false,
            null,
            1000,
            0,
            10_000,
            0,
            0,
            0,
            0);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith(
            "agentbus.recvTimeout must be a number of seconds above 0 and at most 86400, got"
                + " 'soon'");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    ServerParameters parameters =
        new ServerParameters(
            "127.0.0.1",
            70000,
            "",
            "all",
            "30",
            1000,
            65536,
            false,
            null,
            1000,
            0,
            10_000,
            0,
            0,
            0,
            0);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith("agentbus.port must be 0 to 65535, got '70000'");
  }

  @Test
  void aQueueBoundBelowOneIsRefused() {
    ServerParameters parameters =
        new ServerParameters(
            "127.0.0.1", 0, "", "all", "30", 0, 65536, false, null, 1000, 0, 10_000, 0, 0, 0, 0);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith("agentbus.maxQueue must be a positive whole number, got '0'");
  }

  @Test
  void maxConnectionsReachesTheBus() throws Exception {
    ServerParameters parameters = maxConnections(77);

    try (AgentBusServer server = parameters.toBuilder().start()) {
      java.net.HttpURLConnection info =
          (java.net.HttpURLConnection)
              new java.net.URL(server.url() + "/_bus/info").openConnection();
      String json =
          new String(info.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(json).contains("\"connections\":{\"held\":").contains("\"cap\":77,");
    }
  }

  @Test
  void aNegativeMaxConnectionsIsRefusedNamingIt() {
    ServerParameters parameters = maxConnections(-1);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith("agentbus.maxConnections must be a number of connections");
  }
}
