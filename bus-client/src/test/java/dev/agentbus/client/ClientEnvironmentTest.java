package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from the environment, as the public Python clients read it. */
class ClientEnvironmentTest {

  private final List<String> warnings = new ArrayList<>();

  private AgentBusClient fromEnv(Map<String, String> env) {
    return AgentBusClient.builderFromEnvironment(env).warnings(warnings::add).build();
  }

  @Test
  void aMissingBusUrlIsAnErrorNamingTheVariable() {
    assertThatThrownBy(() -> AgentBusClient.builderFromEnvironment(Map.of("AGENT_NAME", "alice")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AGENT_BUS_URL");
  }

  @Test
  void theVariablesConfigureUrlNameAndChannel() {
    AgentBusClient client =
        fromEnv(
            Map.of(
                "AGENT_BUS_URL", "http://127.0.0.1:9/agent-bus/",
                "AGENT_NAME", "alice",
                "AGENT_BUS_CHANNEL", "c-7"));

    assertThat(client.url()).hasToString("http://127.0.0.1:9/agent-bus");
    assertThat(client.name()).isEqualTo("alice");
    assertThat(client.channel()).isEqualTo("c-7");
    assertThat(warnings).isEmpty();
  }

  @Test
  void withoutAChannelTheClientUsesDefaultAndWarnsOnceNamingTheVariable() {
    AgentBusClient client =
        fromEnv(Map.of("AGENT_BUS_URL", "http://127.0.0.1:9", "AGENT_NAME", "alice"));

    assertThat(client.channel()).isEqualTo("default");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("AGENT_BUS_CHANNEL")
        .contains("Builder.channel(...)")
        .contains("'default'");
  }

  @Test
  void aBlankChannelCountsAsUnset() {
    AgentBusClient client =
        fromEnv(
            Map.of(
                "AGENT_BUS_URL",
                "http://127.0.0.1:9",
                "AGENT_NAME",
                "a",
                "AGENT_BUS_CHANNEL",
                " "));

    assertThat(client.channel()).isEqualTo("default");
    assertThat(warnings).hasSize(1);
  }

  @Test
  void aClientBuiltWithNoChannelSendsNoneAndDoesNotWarn() {
    AgentBusClient client =
        AgentBusClient.builder()
            .url(java.net.URI.create("http://127.0.0.1:9"))
            .name("misconfigured")
            .noChannel()
            .warnings(warnings::add)
            .build();

    assertThat(client.channel()).isNull();
    assertThat(warnings).isEmpty();
  }

  @Test
  void sendingWithoutANameIsAnErrorNamingTheVariable() {
    AgentBusClient client =
        fromEnv(Map.of("AGENT_BUS_URL", "http://127.0.0.1:9", "AGENT_BUS_CHANNEL", "c"));

    assertThatThrownBy(() -> client.send("bob", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AGENT_NAME");
  }

  @Test
  void surroundingWhitespaceAroundTheBusUrlIsIgnored() {
    AgentBusClient client =
        fromEnv(
            Map.of(
                "AGENT_BUS_URL", "  http://127.0.0.1:9/agent-bus \n",
                "AGENT_NAME", "a",
                "AGENT_BUS_CHANNEL", "c"));

    assertThat(client.url()).hasToString("http://127.0.0.1:9/agent-bus");
  }

  @Test
  void aBusUrlWithoutSchemeIsRefusedNamingTheVariableAndTheFix() {
    assertThatThrownBy(
            () -> AgentBusClient.builderFromEnvironment(Map.of("AGENT_BUS_URL", "127.0.0.1:8080")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "AGENT_BUS_URL is '127.0.0.1:8080': it must start with http:// or https://, e.g."
                + " http://127.0.0.1:8080");
  }

  @Test
  void aBusUrlThatIsNoUrlAtAllIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> AgentBusClient.builderFromEnvironment(Map.of("AGENT_BUS_URL", "http://a b/")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AGENT_BUS_URL is 'http://a b/': it is not a valid URL");
  }
}
