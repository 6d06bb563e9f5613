package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clients built without their own HTTP client share one. */
class SharedHttpClientTest {

  private static long selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().contains("SelectorManager"))
        .count();
  }

  private static AgentBusClient client() {
    return AgentBusClient.builder()
        .url(URI.create("http://127.0.0.1:9"))
        .name("a")
        .channel("c")
        .build();
  }

  @Test
  void twentyClientsRunAtMostOneSelectorThread() {
    List<AgentBusClient> clients = new ArrayList<>();
    long before = selectorThreads();
    try {
      for (int i = 0; i < 20; i++) {
        clients.add(client());
      }

      assertThat(selectorThreads() - before).isLessThanOrEqualTo(1);
    } finally {
      clients.forEach(AgentBusClient::close);
    }
  }

  @Test
  void aClientBuiltAfterTheOthersClosedStartsNoSelectorThread() {
    client().close();
    long before = selectorThreads();

    AgentBusClient next = client();
    try {
      assertThat(selectorThreads()).isLessThanOrEqualTo(before);
    } finally {
      next.close();
    }
  }

  @Test
  void aClosedClientRefusesRequestsSayingWhatToDo() {
    AgentBusClient client = client();
    client.close();

    assertThatThrownBy(() -> client.send("b", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build a new one");
  }
}
