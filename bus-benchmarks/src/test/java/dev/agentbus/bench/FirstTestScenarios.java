package dev.agentbus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.agentbus.client.AgentBusClient;
import dev.agentbus.junit5.Agent;
import dev.agentbus.junit5.WithAgentBus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The first test of a fresh JVM, one class per kind, each the smallest useful test of its tool:
 * nothing at all; two injected agents exchanging one message on {@code @WithAgentBus}'s shared bus;
 * one stub on {@code @WireMockTest}'s server and one request to it; one response enqueued on a
 * {@code @StartStop} MockWebServer and one request to it. The requests to WireMock and
 * MockWebServer go through the JDK's {@link HttpClient}, the one the bus's agents use. Not run by
 * the build's test phase (nested classes, and no class name ends in Test).
 */
final class FirstTestScenarios {

  private FirstTestScenarios() {}

  static class Empty {
    @Test
    void test() {}
  }

  @WithAgentBus
  static class AgentBus {
    @Test
    void test(@Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob) {
      OverheadScenarios.exchange(alice, bob);
    }
  }

  @WireMockTest
  static class WireMock {
    @Test
    void test(WireMockRuntimeInfo wireMock) throws IOException, InterruptedException {
      wireMock.getWireMock().register(get("/ping").willReturn(ok("pong")));
      expectPong(URI.create(wireMock.getHttpBaseUrl() + "/ping"));
    }
  }

  static class MockWebServer3 {
    @StartStop final MockWebServer server = new MockWebServer();

    @Test
    void test() throws IOException, InterruptedException {
      server.enqueue(new MockResponse.Builder().body("pong").build());
      expectPong(server.url("/ping").uri());
    }
  }

  private static void expectPong(URI url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> answer =
        http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    if (!answer.body().equals("pong")) {
      throw new AssertionError("GET " + url + " answered " + answer.statusCode() + answer.body());
    }
  }
}
