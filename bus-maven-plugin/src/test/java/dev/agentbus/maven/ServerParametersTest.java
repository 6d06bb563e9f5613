package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class ServerParametersTest {

  private final List<String> warnings = new ArrayList<>();

  /** A builder configured as a goal would be with these parameters, by name, and no others. */
  private ServerBuilder configured(Map<String, ?> parameters) throws MojoExecutionException {
    return ServerParameters.of(parameters).applyTo(AgentBusServer.builder(), warnings::add);
  }

  @Test
  void noParametersStartABusOnLoopbackOnAFreePort() throws Exception {
    try (AgentBusServer server = configured(Map.of()).start()) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.port()).isPositive();
      HealthCheck.await(server.url(), null);
    }
  }

  @Test
  void aBasePathAndATokenAreApplied() throws Exception {
    try (AgentBusServer server =
        configured(Map.of("basePath", "/agent-bus", "token", "s3cret")).start()) {
      assertThat(server.url().getPath()).isEqualTo("/agent-bus");
      HealthCheck.await(server.url(), "s3cret");
      assertThatThrownBy(() -> HealthCheck.await(server.url(), null))
          .hasMessageContaining("answered 401");
    }
  }

  @Test
  void aMemoryBudgetPastTwoGigabytesAndANamespaceBoundAreApplied() throws Exception {
    try (AgentBusServer server =
        configured(Map.of("memoryBudget", "3000000000", "maxNamespaces", "1")).start()) {
      assertThat(server.info().memoryBudget()).isEqualTo(3_000_000_000L);
      server.createNamespace("first", NamespaceOptions.defaults());
      assertThatThrownBy(() -> server.createNamespace("second", NamespaceOptions.defaults()))
          .hasMessageContaining("already has 1 namespaces");
    }
  }

  @Test
  void sizesTakeUnits() throws Exception {
    try (AgentBusServer server = configured(Map.of("memoryBudget", "3GiB")).start()) {
      assertThat(server.info().memoryBudget()).isEqualTo(3L << 30);
    }
  }

  @Test
  void bytesInFlightAreApplied() throws Exception {
    try (AgentBusServer server = configured(Map.of("maxPollBytesInFlight", "100")).start()) {
      HttpResponse<String> poll =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/recv?to=b&block=true")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(poll.body()).contains("more than the 100-byte limit for parked polls");
    }
  }

  @Test
  void boundsThatDoNotFitTogetherFailTheGoalNamingBothParameters() throws Exception {
    ServerBuilder builder = configured(Map.of("memoryBudget", "1MiB", "maxBodyBytes", "1MiB"));

    assertThatThrownBy(() -> new StartMojo().start(builder, "unused"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith(
            "agentbus.memoryBudget of 1048576 bytes could not keep one message of the largest"
                + " size: give at least 10485760 (10 times agentbus.maxBodyBytes, 1048576,")
        .hasMessageEndingWith(
            "; set <memoryBudget> in the plugin's configuration or -Dagentbus.memoryBudget, or"
                + " leave it out for two fifths of the heap, at most 128 MiB");
  }

  @Test
  void aMemoryBudgetLeftOutIsTheServersDefault() throws Exception {
    try (AgentBusServer server = configured(Map.of()).start()) {
      assertThat(server.info().memoryBudget())
          .isEqualTo(Math.min(Runtime.getRuntime().maxMemory() / 5 * 2, 128L << 20));
    }
  }

  @Test
  void aBlankParameterIsLeftOut() throws Exception {
    try (AgentBusServer server = configured(Map.of("token", "", "host", " ")).start()) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      HealthCheck.await(server.url(), null);
    }
  }

  @Test
  void aMemoryBudgetThatIsNotASizeIsRefusedNamingTheParameterAndTheFix() {
    assertThatThrownBy(() -> configured(Map.of("memoryBudget", "12x")))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("agentbus.memoryBudget must be a number of bytes, at least 1048576")
        .hasMessageEndingWith(
            ", got '12x': set <memoryBudget> in the plugin's configuration or"
                + " -Dagentbus.memoryBudget to a valid value, or leave it out for two fifths of the"
                + " heap, at most 128 MiB");
  }

  @Test
  void anUnknownChannellessModeIsRefusedNamingTheParameterAndTheChoices() {
    assertThatThrownBy(() -> configured(Map.of("channellessRecv", "none")))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "agentbus.channellessRecv must be 'all' or 'default', got 'none': set"
                + " <channellessRecv> in the plugin's configuration or -Dagentbus.channellessRecv"
                + " to a valid value (usually all)");
  }

  @Test
  void aRecvTimeoutThatIsNotADurationIsRefused() {
    assertThatThrownBy(() -> configured(Map.of("recvTimeout", "soon")))
        .hasMessageStartingWith(
            "agentbus.recvTimeout must be a duration above 0 and at most 86400 seconds");
  }

  @Test
  void aRecvTimeoutTakesAUnit() throws Exception {
    try (AgentBusServer server = configured(Map.of("recvTimeout", "2m")).start()) {
      assertThat(server.info().defaults().recvTimeout()).hasMinutes(2);
    }
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> configured(Map.of("port", "70000")))
        .hasMessageStartingWith(
            "agentbus.port must be a whole number from 0 to 65535, got '70000'");
  }

  @Test
  void aQueueBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> configured(Map.of("maxQueue", "0")))
        .hasMessageStartingWith("agentbus.maxQueue must be a whole number from 1 to");
  }

  @Test
  void maxConnectionsReachesTheBus() throws Exception {
    try (AgentBusServer server = configured(Map.of("maxConnections", "77")).start()) {
      HttpResponse<String> info =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/_bus/info")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(info.body()).contains("\"connections\":{\"held\":").contains("\"cap\":77,");
    }
  }

  @Test
  void theFormerMaxBodyStillWorksWithAOneLineWarning() throws Exception {
    try (AgentBusServer server = configured(Map.of("maxBody", "100")).start()) {
      HttpResponse<String> info =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/_bus/info")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(info.body()).contains("\"maxBodyBytes\":100");
    }
    assertThat(warnings)
        .containsExactly(
            "agentbus.maxBody (<maxBody>) is deprecated: use agentbus.maxBodyBytes"
                + " (<maxBodyBytes>), which means the same");
  }

  @Test
  void busRunListensOn8080UnlessToldOtherwise() throws Exception {
    ServerBuilder builder = AgentBusServer.builder();
    new RunMojo().goalDefaults(builder);
    ServerParameters.of(Map.of()).applyTo(builder, warnings::add);

    // Holds 8080 so that the bus cannot have it: taken by another process, it is taken all the
    // same.
    try (ServerSocket holder = holdIfFree(8080)) {
      assertThatThrownBy(builder::start)
          .isInstanceOfSatisfying(
              AgentBusServer.PortInUseException.class, e -> assertThat(e.port()).isEqualTo(8080));
    }
  }

  private static ServerSocket holdIfFree(int port) {
    try {
      return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (IOException taken) {
      return null;
    }
  }
}
