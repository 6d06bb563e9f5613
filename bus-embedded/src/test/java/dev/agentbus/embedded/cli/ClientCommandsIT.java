package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.journal.JournalView;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.testing.PythonClient;
import dev.agentbus.embedded.testing.RunningBus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code agent-bus.jar send} and {@code recv} as agents run them, and interop with a Python stdlib
 * client written as the public clients are, in both directions.
 */
class ClientCommandsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final RunningBus bus = RunningBus.configured(builder -> builder.waf(true));

  @TempDir Path state;

  private Map<String, String> env(String name, String channel) {
    Map<String, String> env = new HashMap<>();
    env.put("AGENT_BUS_URL", bus.server().namespaceUrl("cli").toString());
    env.put("AGENT_NAME", name);
    env.put("AGENT_BUS_STATE_DIR", state.toString()); // never the developer's own state folder
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
        (MessageSent) bus.server().namespace("cli").orElseThrow().journal().entries().get(0);
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

  @ParameterizedTest
  @ValueSource(strings = {"send", "recv"})
  void helpPrintsTheUsageAndTouchesNoBus(String command) throws Exception {
    try (RunningJar jar = new RunningJar(env("alice", "c-7"), command, "--help")) {
      jar.stdin("not a message\n");

      assertThat(jar.exitCode(WAIT)).isZero();
      assertThat(jar.stdoutText()).contains("usage: java -jar agent-bus.jar send <to>");
    }
    assertThat(bus.server().namespace("cli")).isEmpty();
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
      assertThat(bus.server().awaitParkedPolls(2, WAIT)).isTrue();

      bus.http("cli").send("java-agent", "py-agent", "first", "c-7");
      bus.http("cli")
          .send("java-agent", "py-agent", "two\nlines, ünïcode 🛰 and a trailing newline\n", "c-7");

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
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
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
  void aRestartedRecvPrintsWhatArrivedWhileItWasDown() throws Exception {
    Map<String, String> env = env("bob", "c-7");
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      bus.http("cli").send("alice", "bob", "while up", "c-7");
      assertThat(recv.exitCode(WAIT)).isZero();
    }

    bus.http("cli").send("alice", "bob", "while down", "c-7");

    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stdoutText()).endsWith("from alice:\nwhile down\n---\n");
    }
  }

  @Test
  void withoutAStateFolderRecvKeepsItsCursorInThePerUserStateFolder(@TempDir Path xdg)
      throws Exception {
    Map<String, String> env = env("bob", "c-7");
    env.remove("AGENT_BUS_STATE_DIR");
    env.put("XDG_STATE_HOME", xdg.toString());
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      BigDecimal ts = bus.http("cli").send("alice", "bob", "remember me", "c-7").ts();
      assertThat(recv.exitCode(WAIT)).isZero();

      String cursor = Files.readString(xdg.resolve("agent-bus").resolve("cursor_bob_c-7.txt"));
      assertThat(new BigDecimal(cursor)).isGreaterThanOrEqualTo(ts);
    }
  }

  @Test
  void recvResumesFromACursorFileInThePythonClientsFormat() throws Exception {
    bus.http("cli").send("alice", "py bob", "already read by the Python client", "c 7");
    BigDecimal readUpTo = bus.http("cli").send("alice", "py bob", "also read", "c 7").ts();
    bus.http("cli").send("alice", "py bob", "new to both", "c 7");
    // bus_recv.py's file: cursor_<name>_<channel>.txt, unsafe characters as _, the since as text
    Files.writeString(state.resolve("cursor_py_bob_c_7.txt"), readUpTo.toPlainString());

    try (RunningJar recv = new RunningJar(env("py bob", "c 7"), "recv", "py bob", "--count", "1")) {
      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stdoutText()).endsWith("from alice:\nnew to both\n---\n");
    }
  }

  @Test
  void recvWithNoCursorSetWritesNoCursorFile() throws Exception {
    Map<String, String> env = env("bob", "c-7");
    env.put("AGENT_BUS_NO_CURSOR", "true");
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      bus.http("cli").send("alice", "bob", "x", "c-7");
      assertThat(recv.exitCode(WAIT)).isZero();
    }
    try (var files = Files.list(state)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anUnwritableStateFolderIsOneWarningAndRecvGoesOn() throws Exception {
    Map<String, String> env = env("bob", "c-7");
    Path occupied = Files.writeString(state.resolve("occupied"), "a file, not a folder");
    env.put("AGENT_BUS_STATE_DIR", occupied.resolve("state").toString());
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "2")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      bus.http("cli").send("alice", "bob", "one", "c-7");
      bus.http("cli").send("alice", "bob", "two", "c-7");

      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stdoutText()).contains("\none\n---\n").endsWith("\ntwo\n---\n");
      assertThat(recv.stderr())
          .singleElement()
          .asString()
          .startsWith("# warning: cannot write the cursor file ")
          .endsWith("(set AGENT_BUS_QUIET=1 to silence warnings)");
    }
  }

  @Test
  void aBusUrlWithoutSchemeIsOneLineNamingTheVariableAndExitCodeTwo() throws Exception {
    Map<String, String> env = env("bob", "c-7");
    env.put("AGENT_BUS_URL", " 127.0.0.1:8080 ");
    try (RunningJar recv = new RunningJar(env, "recv", "bob")) {
      assertThat(recv.exitCode(WAIT)).isEqualTo(2);
      assertThat(recv.stderr())
          .containsExactly(
              "agent-bus: AGENT_BUS_URL is '127.0.0.1:8080': it must start with http:// or"
                  + " https://, e.g. http://127.0.0.1:8080");
    }
  }

  @Test
  void aBusUrlWithSurroundingWhitespaceStillWorks() throws Exception {
    Map<String, String> env = env("alice", "c-7");
    env.put("AGENT_BUS_URL", "  " + bus.server().namespaceUrl("cli") + "\t");
    try (RunningJar send = new RunningJar(env, "send", "bob")) {
      send.stdin("trimmed");
      assertThat(send.exitCode(WAIT)).as(String.join("\n", send.stderr())).isZero();
    }
  }

  @Test
  void recvRetriesThroughAFirewallOutagePrintingOneLine() throws Exception {
    Map<String, String> env = env("bob", "c-7");
    env.put("AGENT_BUS_UA", "Python-urllib/3.11");
    bus.http("cli")
        .send("alice", "carol", "creates the namespace, whose journal records the refusals", "c-7");
    try (RunningJar recv = new RunningJar(env, "recv", "bob")) {
      JournalView journal = bus.server().namespace("cli").orElseThrow().journal();
      assertThat(journal.await(3, 1, WAIT).entries()).as("a third refused poll").isNotEmpty();

      recv.terminate();
      assertThat(recv.exitCode(WAIT)).isEqualTo(143); // SIGTERM, not a refusal
      assertThat(recv.stderr())
          .singleElement()
          .asString()
          .startsWith("# bus unavailable, retrying with backoff up to 5 s: GET /recv: 403 ");
    }
  }

  @Test
  void recvStopsOnARefusedTokenWithTheBusReason() throws Exception {
    try (AgentBusServer secured = AgentBusServer.builder().token("right").start()) {
      Map<String, String> env = env("bob", "c-7");
      env.put("AGENT_BUS_URL", secured.url().toString());
      env.put("AGENT_BUS_TOKEN", "wrong");
      try (RunningJar recv = new RunningJar(env, "recv", "bob")) {
        assertThat(recv.exitCode(WAIT)).isEqualTo(1);
        assertThat(recv.stderr())
            .singleElement()
            .asString()
            .startsWith("agent-bus: GET /recv: 401 ");
      }
    }
  }

  @Test
  void recvWithoutAChannelWarnsOnceSayingHowToSilenceAndPollsDefault() throws Exception {
    try (RunningJar recv = new RunningJar(env("bob", null), "recv", "bob", "--count", "1")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      bus.http("cli").send("alice", "bob", "on default", null);

      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stderr())
          .singleElement()
          .asString()
          .contains("AGENT_BUS_CHANNEL")
          .endsWith("(set AGENT_BUS_QUIET=1 to silence warnings)");
    }
    List<PollAnswered> polls =
        bus.server().namespace("cli").orElseThrow().journal().entries().stream()
            .filter(PollAnswered.class::isInstance)
            .map(PollAnswered.class::cast)
            .toList();
    assertThat(polls)
        .isNotEmpty()
        .allSatisfy(poll -> assertThat(poll.channel()).isEqualTo("default"));
  }

  @Test
  void quietSilencesTheWarnings() throws Exception {
    Map<String, String> env = env("bob", null);
    env.put("AGENT_BUS_QUIET", "1");
    try (RunningJar recv = new RunningJar(env, "recv", "bob", "--count", "1")) {
      assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();
      bus.http("cli").send("alice", "bob", "quietly", null);

      assertThat(recv.exitCode(WAIT)).isZero();
      assertThat(recv.stderr()).isEmpty();
    }
  }

  private static Process python(Map<String, String> env, String... args) throws IOException {
    return PythonClient.start(env, false, args);
  }
}
