package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.PythonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-bus.jar send} and {@code recv} as agents run them, and interop with a Python stdlib
 * client written as the public clients are, in both directions.
 */
class ClientCommandsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private AgentBusServer server;
  private BusHttp bus;

  @BeforeEach
  void start() {
    server = AgentBusServer.builder().wafEmulation(true).start();
    bus = new BusHttp(server.namespaceUrl("cli"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env(String name, String channel) {
    Map<String, String> env = new HashMap<>();
    env.put("AGENT_BUS_URL", server.namespaceUrl("cli").toString());
    env.put("AGENT_NAME", name);
    if (channel != null) {
      env.put("AGENT_BUS_CHANNEL", channel);
    }
    return env;
  }

  @Test
  void sendPostsStdinAndPrintsTheAck() throws Exception {
    try (RunningJar send = new RunningJar(env("alice", "c-7"), "send", "bob")) {
      send.stdin("hello\nfrom the jar 🛰\n");

      assertThat(send.exitCode(WAIT)).as(String.join("\n", send.stderr())).isZero();
      assertThat(send.stdoutText())
          .matches("\\{\"ok\":true,\"ts\":\\d+\\.\\d+,\"channel\":\"c-7\"\\}\n");
    }
    MessageSent sent =
        (MessageSent) server.namespace("cli").orElseThrow().journal().entries().get(0);
    assertThat(sent.from()).isEqualTo("alice");
    assertThat(sent.msg()).isEqualTo("hello\nfrom the jar 🛰\n");
    assertThat(sent.userAgent()).isEqualTo("Mozilla/5.0");
  }

  @Test
  void aRefusedSendExitsNonZeroWithTheBusError() throws Exception {
    Map<String, String> env = env("alice", "c-7");
    env.put("AGENT_BUS_UA", "curl/8.0");
    try (RunningJar send = new RunningJar(env, "send", "bob")) {
      send.stdin("x");

      assertThat(send.exitCode(WAIT)).isEqualTo(1);
      assertThat(send.stderr())
          .singleElement()
          .asString()
          .startsWith("agent-bus: POST /send: 403 ")
          .contains("does not look like a browser");
    }
  }

  @Test
  void sendWithoutABusUrlIsAUsageError() throws Exception {
    try (RunningJar send = new RunningJar(Map.of(), "send", "bob")) {
      assertThat(send.exitCode(WAIT)).isEqualTo(2);
      assertThat(send.stderr().get(0)).contains("AGENT_BUS_URL is not set");
    }
  }

  @Test
  void recvPrintsTheSameBytesAsThePythonClient() throws Exception {
    Process python = python(env("py-agent", "c-7"), "recv", "py-agent", "2");
    try (RunningJar recv =
        new RunningJar(env("py-agent", "c-7"), "recv", "py-agent", "--count", "2")) {
      assertThat(server.awaitParkedPolls(2, WAIT)).isTrue();

      bus.send("java-agent", "py-agent", "first", "c-7");
      bus.send("java-agent", "py-agent", "two\nlines, ünïcode 🛰 and a trailing newline\n", "c-7");

      assertThat(recv.exitCode(WAIT)).as(String.join("\n", recv.stderr())).isZero();
      assertThat(python.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      String pythonOutput =
          new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(recv.stdoutText()).isEqualTo(pythonOutput);
      assertThat(pythonOutput)
          .matches("(?s)\\[\\d\\d:\\d\\d:\\d\\dZ\\] from java-agent:\nfirst\n---\n.*---\n");
    }
  }

  @Test
  void aPythonAgentAndTheJarCommandsTalkInBothDirections() throws Exception {
    try (RunningJar recv =
        new RunningJar(env("jar-agent", "c-9"), "recv", "jar-agent", "--count", "1")) {
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();
      Process pythonSend = python(env("py-agent", "c-9"), "send", "jar-agent");
      pythonSend.getOutputStream().write("from python".getBytes(StandardCharsets.UTF_8));
      pythonSend.getOutputStream().close();
      assertThat(pythonSend.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stdoutText()).endsWith(" from py-agent:\nfrom python\n---\n");
    }

    Process pythonRecv = python(env("py-agent", "c-9"), "recv", "py-agent", "1");
    try (RunningJar send = new RunningJar(env("jar-agent", "c-9"), "send", "py-agent")) {
      send.stdin("from the jar");
      assertThat(send.exitCode(WAIT)).isZero();
    }
    assertThat(pythonRecv.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(new String(pythonRecv.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .endsWith(" from jar-agent:\nfrom the jar\n---\n");
  }

  @Test
  void recvWithAStateFolderCatchesUpOnWhatArrivedWhileItWasDown(@TempDir Path state)
      throws Exception {
    Map<String, String> env = env("bob", "c-7");
    env.put("AGENT_BUS_STATE_DIR", state.toString());
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();
      bus.send("alice", "bob", "while up", "c-7");
      assertThat(recv.exitCode(WAIT)).isZero();
    }

    bus.send("alice", "bob", "while down", "c-7");

    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stdoutText()).endsWith("from alice:\nwhile down\n---\n");
    }
  }

  @Test
  void recvWithoutAChannelWarnsAndPollsDefault() throws Exception {
    try (RunningJar recv = new RunningJar(env("bob", null), "recv", "bob", "--count", "1")) {
      assertThat(server.awaitParkedPolls(1, WAIT)).isTrue();
      bus.send("alice", "bob", "on default", null);

      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stderr()).anySatisfy(line -> assertThat(line).contains("AGENT_BUS_CHANNEL"));
    }
    JsonNode poll = bus.get("/_bus/journal").json().get("entries").get(0);
    assertThat(poll.get("channel").asText()).isEqualTo("default");
  }

  private static Process python(Map<String, String> env, String... args) throws IOException {
    return PythonClient.start(env, false, args);
  }
}
