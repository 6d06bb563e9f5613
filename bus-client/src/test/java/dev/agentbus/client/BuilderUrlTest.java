package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The URL a builder is handed: an http(s) base URL that paths are joined to. */
class BuilderUrlTest {

  @Test
  void aUrlWithAQueryIsRefusedSayingPathsAreJoinedToIt() {
    assertThatThrownBy(() -> AgentBusClient.builder().url(URI.create("http://127.0.0.1:9/?x=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the bus URL 'http://127.0.0.1:9/?x=1' is unusable: it must not carry a query or"
                + " fragment; paths are joined to it, e.g. http://127.0.0.1:8080");
  }

  @Test
  void aUrlWithoutHostIsRefusedSayingSo() {
    assertThatThrownBy(() -> AgentBusClient.builder().url(URI.create("http://bus_1:9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it names no host");
  }

  @Test
  void aUrlOfAnotherSchemeIsRefusedNamingTheSchemesThatWork() {
    assertThatThrownBy(() -> AgentBusClient.builder().url(URI.create("ftp://127.0.0.1:9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it must start with http:// or https://");
  }

  @Test
  void anUpperCaseSchemeIsAnHttpUrlAllTheSame() {
    try (AgentBusClient client =
        AgentBusClient.builder().url(URI.create("HTTP://127.0.0.1:9/bus/")).name("a").build()) {
      assertThat(client.url()).hasToString("HTTP://127.0.0.1:9/bus");
    }
  }
}
