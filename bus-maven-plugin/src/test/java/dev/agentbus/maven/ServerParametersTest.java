package dev.agentbus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.embedded.AgentBusServer;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class ServerParametersTest {

  private static ServerParameters defaults() {
    return new ServerParameters("127.0.0.1", 0, "", "all", "30", 1000, 65536, false, null, 1000);
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
            "127.0.0.1", 0, "/agent-bus", "default", "0.5", 10, 1024, true, "s3cret", 1000);

    try (AgentBusServer server = parameters.toBuilder().start()) {
      assertThat(server.url().getPath()).isEqualTo("/agent-bus");
      HealthCheck.await(server.url(), "s3cret");
      assertThatThrownBy(() -> HealthCheck.await(server.url(), null))
          .hasMessageContaining("answered 401");
    }
  }

  @Test
  void anUnknownChannellessModeIsRefusedNamingTheParameterAndTheChoices() {
    ServerParameters parameters =
        new ServerParameters("127.0.0.1", 0, "", "none", "30", 1000, 65536, false, null, 1000);

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
        new ServerParameters("127.0.0.1", 0, "", "all", "soon", 1000, 65536, false, null, 1000);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith(
            "agentbus.recvTimeout must be a number of seconds above 0 and at most 86400, got"
                + " 'soon'");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    ServerParameters parameters =
        new ServerParameters("127.0.0.1", 70000, "", "all", "30", 1000, 65536, false, null, 1000);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith("agentbus.port must be 0 to 65535, got '70000'");
  }

  @Test
  void aQueueBoundBelowOneIsRefused() {
    ServerParameters parameters =
        new ServerParameters("127.0.0.1", 0, "", "all", "30", 0, 65536, false, null, 1000);

    assertThatThrownBy(parameters::toBuilder)
        .hasMessageStartingWith("agentbus.maxQueue must be a positive whole number, got '0'");
  }
}
