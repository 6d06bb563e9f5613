package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code java -jar agent-bus.jar serve}, as a user runs it. */
class ServeCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String READY = "agent-bus listening on http://127.0.0.1:";

  @Test
  void serveOnPortZeroPrintsTheRealUrlAndServesTheProtocol() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--quiet")) {
      String ready = jar.nextLine(WAIT);
      assertThat(ready).startsWith(READY).doesNotEndWith(":0");

      BusHttp bus = new BusHttp(URI.create(ready.substring(ready.indexOf("http://"))));
      assertThat(bus.send("alice", "bob", "via the jar", "c").status()).isEqualTo(200);
      assertThat(bus.get("/recv?to=bob&channel=c").text()).contains("via the jar");
    }
  }

  @Test
  void sigtermStopsTheBusCleanly() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--quiet")) {
      assertThat(jar.nextLine(WAIT)).startsWith(READY);

      jar.terminate();

      assertThat(jar.nextLine(WAIT)).isEqualTo("agent-bus stopped");
      assertThat(jar.exitCode(WAIT)).isEqualTo(143); // 128 + SIGTERM: a clean signal exit
    }
  }

  @Test
  void eachRequestIsLoggedOnOneLine() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0")) {
      String ready = jar.nextLine(WAIT);
      new BusHttp(URI.create(ready.substring(ready.indexOf("http://")))).get("/healthz");

      assertThat(jar.nextLine(WAIT))
          .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /healthz 200 [\\d.]+ ms");
    }
  }

  @Test
  void optionsReachTheBus() throws Exception {
    try (RunningJar jar =
        new RunningJar(
            "serve",
            "--port",
            "0",
            "--quiet",
            "--base-path",
            "/agent-bus",
            "--waf",
            "--max-body",
            "100",
            "--channelless-recv",
            "default")) {
      String ready = jar.nextLine(WAIT);
      assertThat(ready).endsWith("/agent-bus");
      BusHttp bus = new BusHttp(URI.create(ready.substring(ready.indexOf("http://"))));

      assertThat(bus.send("a", "b", "x".repeat(200), null).status()).isEqualTo(413);
      assertThat(bus.withHeader("User-Agent", "curl/8").get("/healthz").status()).isEqualTo(403);
      bus.send("a", "b", "on c", "c");
      assertThat(bus.get("/recv?to=b").json().get("messages")).isEmpty();
    }
  }

  @Test
  void aPortInUseIsAOneLineErrorAndExitCode1() throws Exception {
    try (AgentBusServer taken = AgentBusServer.builder().start();
        RunningJar jar = new RunningJar("serve", "--port", String.valueOf(taken.port()))) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(1);
      assertThat(jar.stderr())
          .singleElement()
          .asString()
          .contains("port " + taken.port())
          .contains("already in use");
    }
  }

  @Test
  void badArgumentsPrintUsageAndExitCode2() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "eighty")) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0)).contains("--port must be a whole number");
      assertThat(String.join("\n", jar.stderr())).contains("usage: java -jar agent-bus.jar serve");
    }
  }

  @Test
  void anEmptyTokenIsRefusedAtStartWithExitCode2() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--token", "")) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0)).contains("--token must not be empty");
    }
  }

  @Test
  void anUnknownOptionPrintsUsageAndExitCode2() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--colour")) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0)).contains("unknown option '--colour'");
    }
  }
}
