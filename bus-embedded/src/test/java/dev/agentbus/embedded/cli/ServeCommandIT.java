package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.BusHttp;
import dev.agentbus.embedded.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar agent-bus.jar serve}, as a user runs it. */
class ServeCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String READY = "agent-bus listening on http://127.0.0.1:";

  @Test
  void serveOnPortZeroPrintsTheRealUrlAndServesTheProtocol() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--quiet")) {
      String ready = jar.nextLine(WAIT);
      assertThat(ready).startsWith(READY).doesNotEndWith(":0");
      assertThat(jar.nextLine(WAIT))
          .startsWith(
              "traffic report: " + ready.substring(ready.indexOf("http://")) + "/_bus/report ");

      BusHttp bus = new BusHttp(URI.create(ready.substring(ready.indexOf("http://"))));
      assertThat(bus.send("alice", "bob", "via the jar", "c").status()).isEqualTo(200);
      assertThat(bus.get("/recv?to=bob&channel=c").text()).contains("via the jar");
    }
  }

  @Test
  void sigtermStopsTheBusCleanly() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--quiet")) {
      assertThat(jar.nextLine(WAIT)).startsWith(READY);
      assertThat(jar.nextLine(WAIT)).startsWith("traffic report: ");

      jar.terminate();

      assertThat(jar.nextLine(WAIT)).isEqualTo("agent-bus stopped");
      assertThat(jar.exitCode(WAIT)).isEqualTo(143); // 128 + SIGTERM: a clean signal exit
    }
  }

  @Test
  void eachRequestIsLoggedOnOneLine() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0")) {
      new BusHttp(readyUrl(jar)).get("/healthz");

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
            "--max-body-bytes",
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
  void boundsInBytesReachTheBusAndMayPassTwoGigabytes() throws Exception {
    try (RunningJar jar =
        new RunningJar(
            "serve",
            "--port",
            "0",
            "--quiet",
            "--memory-budget",
            "3000000000",
            "--max-body-bytes",
            "100",
            "--max-body-bytes-in-flight=150",
            "--max-admin-bytes-in-flight",
            "100",
            "--max-poll-bytes-in-flight",
            "100",
            "--max-connections",
            "77")) {
      URI url = readyUrl(jar);
      BusHttp bus = new BusHttp(url);

      JsonNode info = bus.get("/_bus/info").json();
      assertThat(info.at("/memory/budget").asLong()).isEqualTo(3_000_000_000L);
      assertThat(info.at("/limits/maxBodyBytes").asLong()).isEqualTo(100);
      assertThat(info.at("/limits/bodyBytesInFlight/cap").asLong()).isEqualTo(150);
      assertThat(info.at("/limits/adminBytesInFlight/cap").asLong()).isEqualTo(100);
      assertThat(info.at("/limits/pollBytesInFlight/cap").asLong()).isEqualTo(100);
      assertThat(info.at("/limits/connections/cap").asLong()).isEqualTo(77);
      assertThat(bus.get("/recv?to=b&block=true").error())
          .contains("more than the 100-byte limit for parked polls");
      assertThat(bus.get("/_bus/journal").error()).contains("-byte limit for admin answers");
      try (RawHttp holder = new RawHttp(url, WAIT)) {
        holder.write(
            "POST", "/send", "Content-Length: 100\r\nExpect: 100-continue\r\n", new byte[0]);
        assertThat(holder.read().status()).isEqualTo(100);

        // About 90 bytes of JSON: within --max-body, but not within what the holder left.
        assertThat(bus.send("a", "b", "x".repeat(60), null).error())
            .contains("reading too many request bodies at once");
      }
    }
  }

  @Test
  void theFormerMaxBodyFlagStillWorksWithAOneLineNotice() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--quiet", "--max-body", "100")) {
      BusHttp bus = new BusHttp(readyUrl(jar));
      assertThat(bus.send("a", "b", "x".repeat(200), null).status()).isEqualTo(413);

      jar.terminate();

      assertThat(jar.exitCode(WAIT)).isEqualTo(143);
      assertThat(jar.stderr())
          .contains(
              "agent-bus: --max-body is deprecated: use --max-body-bytes, which means the same");
    }
  }

  @Test
  void sizesAndDurationsTakeUnits() throws Exception {
    try (RunningJar jar =
        new RunningJar(
            "serve", "--port=0", "--quiet", "--memory-budget=3GiB", "--recv-timeout", "1500ms")) {
      JsonNode info = new BusHttp(readyUrl(jar)).get("/_bus/info").json();

      assertThat(info.at("/memory/budget").asLong()).isEqualTo(3L << 30);
      assertThat(info.at("/defaults/recvTimeout").decimalValue()).isEqualByComparingTo("1.5");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--memory-budget, 1MiB, --memory-budget of 1048576 bytes could not keep one message of the"
        + " largest size: give at least 10485760 (10 times --max-body-bytes, 1048576,",
    "--max-body-bytes-in-flight, 1000, --max-body-bytes-in-flight of 1000 bytes is smaller than"
        + " --max-body-bytes, 1048576, so a body of that size could never be read: give at"
        + " least 1048576"
  })
  void boundsThatCouldNeverHoldOneRequestAreRefusedAtStart(
      String option, String value, String sentence) throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--max-body-bytes", "1MiB", option, value)) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0)).contains(sentence);
    }
  }

  @Test
  void aBodyLimitTheHeapsDefaultBoundsCannotHoldIsRefusedAtStart() throws Exception {
    try (RunningJar jar =
        RunningJar.withJvmOptions(List.of("-Xmx64m"), "serve", "--max-body-bytes", "10000000")) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0))
          .contains("--memory-budget at its default, two fifths of the heap, at most 128 MiB, ")
          .contains("give java a larger -Xmx");
    }
  }

  @Test
  void serveHelpPrintsTheUsageAndExitsZero() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--help")) {
      assertThat(jar.exitCode(WAIT)).isZero();
      assertThat(jar.stdoutText()).contains("usage: java -jar agent-bus.jar serve [options]");
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

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "--port, eighty, --port must be a whole number from 0 to 65535, got 'eighty'",
        "--max-poll-bytes-in-flight, 0, --max-poll-bytes-in-flight must be a number of bytes, at"
            + " least 1",
        "--memory-budget, 12x, --memory-budget must be a number of bytes, at least 1048576",
        "--token, a b, --token has character U+0020 at position 2; a bearer token is visible ASCII",
        "--channelless-recv, some, \"--channelless-recv must be 'all' or 'default', got 'some'\"",
        "--recv-timeout, 86401, --recv-timeout must be a duration above 0 and at most 86400 seconds"
      })
  void badArgumentsPrintUsageAndExitCode2(String option, String value, String sentence)
      throws Exception {
    try (RunningJar jar = new RunningJar("serve", option, value)) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0)).contains(sentence);
      assertThat(String.join("\n", jar.stderr())).contains("usage: java -jar agent-bus.jar serve");
    }
  }

  @Test
  void aSmallHeapFloodedWithLargeMessagesKeepsServingWithinItsMemoryBudget() throws Exception {
    try (RunningJar jar = smallHeapServe("64m")) {
      URI url = readyUrl(jar);
      BusHttp bus = new BusHttp(url);
      String body = "x".repeat(1_000_000);
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < 150; i++) {
        // Distinct recipients and namespaces: nothing is ever read, so only the budget bounds it.
        BusHttp target = i % 3 == 0 ? bus : new BusHttp(URI.create(url + "/ns/flood-" + i % 10));
        statuses.merge(target.send("a", "b-" + i, body, "c").status(), 1, Integer::sum);
        assertThat(bus.get("/healthz").status()).as("health check after send %d", i).isEqualTo(200);
      }

      assertThat(jar.isAlive()).isTrue();
      assertThat(statuses.keySet()).as("%s", statuses).containsOnly(200, 507);
      assertThat(statuses.get(200)).as("%s", statuses).isGreaterThan(50);
      JsonNode memory = bus.get("/_bus/info").json().get("memory");
      assertThat(memory.get("used").asLong()).isLessThanOrEqualTo(memory.get("budget").asLong());
      assertThat(bus.get("/_bus/journal?max=10000").text()).contains("\"kind\":\"evicted\"");
      String refusals =
          IntStream.range(0, 10)
              .mapToObj(n -> bus.get("/ns/flood-" + n + "/_bus/journal?max=10000").text())
              .collect(Collectors.joining());
      assertThat(refusals).contains("\"kind\":\"rejected\"").contains("\"status\":507");
      assertThat(String.join("\n", jar.stderr())).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void aSmallHeapFloodedWithNewNamespacesRefusesThosePastTheBoundAndKeepsServing()
      throws Exception {
    try (RunningJar jar = smallHeapServe("64m", "--max-namespaces", "200")) {
      URI url = readyUrl(jar);
      BusHttp bus = new BusHttp(url);
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < 300; i++) {
        BusHttp namespace = new BusHttp(URI.create(url + "/ns/new-" + i));
        statuses.merge(namespace.send("a", "b", "hello", "c").status(), 1, Integer::sum);
      }

      assertThat(statuses).isEqualTo(Map.of(200, 200, 507, 100));
      assertThat(bus.get("/healthz").status()).isEqualTo(200);
      assertThat(bus.get("/_bus/journal?max=10000").text())
          .contains("\"kind\":\"rejected\"")
          .contains("\"status\":507");
      assertThat(String.join("\n", jar.stderr())).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void hugeHalfSentRequestHeadsAreCutOffAndASmallHeapKeepsServing() throws Exception {
    try (RunningJar jar = smallHeapServe("64m")) {
      URI url = readyUrl(jar);
      byte[] start = "GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
      String value = "p".repeat(5_000);
      List<Socket> heads = new ArrayList<>();
      try {
        // A megabyte of headers each, never finished: with Undertow's own 1 MiB limit a few
        // hundred of these filled the heap and left serve alive but deaf.
        for (int i = 0; i < 300; i++) {
          Socket socket = new Socket(url.getHost(), url.getPort());
          heads.add(socket);
          try {
            OutputStream out = socket.getOutputStream();
            out.write(start);
            for (int line = 0; line < 190; line++) {
              out.write(
                  ("X-Padding-" + line + ": " + value + "\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
          } catch (IOException cutOff) {
            // the bus refused this head and closed the connection: what should happen
          }
        }
        assertThat(new BusHttp(url).get("/healthz").status()).isEqualTo(200);
      } finally {
        for (Socket socket : heads) {
          socket.close();
        }
      }
      assertThat(jar.isAlive()).isTrue();
      assertThat(String.join("\n", jar.stderr())).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void runningOutOfMemoryEndsServeWithOneLineAndExitCode3() throws Exception {
    // A budget larger than the heap: this test is about what happens when memory runs out.
    try (RunningJar jar = smallHeapServe("32m", "--memory-budget", "1000000000")) {
      URI url = readyUrl(jar);
      // Megabyte messages to distinct recipients, kept until read: far more than the heap holds.
      byte[] body =
          ("{\"from\":\"a\",\"to\":\"b\",\"msg\":\"" + "x".repeat(1_000_000) + "\"}")
              .getBytes(StandardCharsets.US_ASCII);
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int i = 0; i < 500 && jar.isAlive() && System.nanoTime() < deadline; i++) {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
          socket.setSoTimeout(5_000);
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST /send HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          socket.getInputStream().readAllBytes();
        } catch (IOException e) {
          // the bus went away mid-request: expected once memory runs out
        }
      }

      assertThat(jar.exitCode(WAIT)).isEqualTo(3);
      assertThat(jar.stderr().get(0))
          .startsWith("agent-bus: warning: the memory budget and the caps on bytes in flight")
          .contains("are more than four fifths of the heap");
      assertThat(
              jar.stderr().stream()
                  .filter(line -> line.startsWith("agent-bus:"))
                  .filter(line -> !line.startsWith("agent-bus: warning:")))
          .singleElement()
          .asString()
          .startsWith("agent-bus: stopped by a fatal error: java.lang.OutOfMemoryError");
    }
  }

  @Test
  void everyClassARequestNeedsIsLoadedBeforeTheBusReportsItIsListening() throws Exception {
    try (RunningJar jar =
        RunningJar.withJvmOptions(
            List.of("-Xlog:class+load=info:stdout"), "serve", "--port", "0")) {
      String ready = awaitLine(jar, line -> line.startsWith(READY));
      BusHttp bus = new BusHttp(URI.create(ready.substring(ready.indexOf("http://"))));
      bus.get("/healthz");
      bus.send("alice", "bob", "ping", "c-7");
      bus.get("/recv?to=bob&channel=c-7");
      bus.postRaw("/send", "{".getBytes(StandardCharsets.UTF_8));
      bus.get("/ns/t-1/recv?to=b%C3%B6b+smith");
      bus.get("/healthz?end");
      // The request log line comes after the request's class loads: everything it needed is above.
      awaitLine(jar, line -> line.contains("GET /healthz?end 200"));

      String output = jar.stdoutText();
      String served = output.substring(output.indexOf(READY), output.indexOf("/healthz?end"));
      assertThat(
              served
                  .lines()
                  .filter(line -> line.contains("[class,load]") && !line.contains("$$Lambda"))
                  .filter(
                      line ->
                          line.matches(
                              ".* (dev\\.agentbus|com\\.fasterxml|io\\.undertow|org\\.xnio)\\..*")))
          .isEmpty();
    }
  }

  /** A quiet {@code serve} on a free port taking megabyte bodies, in a JVM with a small heap. */
  private static RunningJar smallHeapServe(String heap, String... moreOptions) throws IOException {
    List<String> arguments =
        new ArrayList<>(List.of("serve", "--port", "0", "--quiet", "--max-body-bytes", "2000000"));
    arguments.addAll(List.of(moreOptions));
    return RunningJar.withJvmOptions(
        List.of("-Xmx" + heap, "-XX:-HeapDumpOnOutOfMemoryError"),
        arguments.toArray(String[]::new));
  }

  private static URI readyUrl(RunningJar jar) throws InterruptedException {
    String ready = jar.nextLine(WAIT);
    jar.nextLine(WAIT); // where the traffic report is
    return URI.create(ready.substring(ready.indexOf("http://")));
  }

  private static String awaitLine(RunningJar jar, java.util.function.Predicate<String> wanted)
      throws InterruptedException {
    for (int i = 0; i < 50_000; i++) {
      String line = jar.nextLine(WAIT);
      assertThat(line).as("the awaited line never came").isNotNull();
      if (wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("the awaited line never came");
  }

  @Test
  void anEmptyTokenIsRefusedAtStartWithExitCode2() throws Exception {
    try (RunningJar jar = new RunningJar("serve", "--port", "0", "--token", "")) {
      assertThat(jar.exitCode(WAIT)).isEqualTo(2);
      assertThat(jar.stderr().get(0))
          .contains("--token is empty, which would leave the bus open to anyone: leave it out");
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
