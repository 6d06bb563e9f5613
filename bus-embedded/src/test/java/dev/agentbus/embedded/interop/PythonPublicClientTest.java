package dev.agentbus.embedded.interop;

import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.embedded.testing.PythonClient;
import dev.agentbus.embedded.testing.RunningBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Python 3 stdlib client, written as the public clients are (urllib, Mozilla/5.0, the cursor
 * rule), exchanges messages with the embedded bus in both directions.
 */
class PythonPublicClientTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final RunningBus bus = RunningBus.configured(builder -> builder.waf(true));

  @Test
  void aPythonAgentReceivesWhatJavaSendsOnItsChannel() throws Exception {
    Process python = python(Map.of("AGENT_BUS_CHANNEL", "c-7"), "recv", "py-agent", "2");
    assertThat(bus.server().awaitParkedPolls(1, WAIT)).isTrue();

    bus.http("py").send("java-agent", "py-agent", "hello from java", "c-7");
    bus.http("py").send("java-agent", "py-agent", "two\nlines, ünïcode 🛰", "c-7");

    assertThat(python.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.exitValue()).as(stderr(python)).isZero();
    assertThat(output)
        .matches(
            "(?s)\\[\\d\\d:\\d\\d:\\d\\dZ\\] from java-agent:\nhello from java\n---\n"
                + "\\[\\d\\d:\\d\\d:\\d\\dZ\\] from java-agent:\ntwo\nlines, ünïcode 🛰\n---\n");
  }

  @Test
  void javaReceivesWhatAPythonAgentSendsOnItsChannel() throws Exception {
    Process python =
        python(Map.of("AGENT_BUS_CHANNEL", "c-7", "AGENT_NAME", "py-agent"), "send", "java-agent");
    python.getOutputStream().write("hello from python ✓".getBytes(StandardCharsets.UTF_8));
    python.getOutputStream().close();

    assertThat(python.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(stderr(python)).isZero();
    JsonNode message =
        bus.http("py")
            .get(recvQuery("java-agent", "c-7", null, null, null))
            .json()
            .get("messages")
            .get(0);
    assertThat(message.get("from").asText()).isEqualTo("py-agent");
    assertThat(message.get("msg").asText()).isEqualTo("hello from python ✓");
  }

  @Test
  void pythonsDefaultUserAgentIsRefusedByTheFirewallEmulation() throws Exception {
    Process python = python(Map.of("AGENT_BUS_UA", "Python-urllib/3.11"), "send", "java-agent");
    python.getOutputStream().close();

    assertThat(python.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).isEqualTo(1);
    assertThat(stderr(python)).startsWith("403 ").contains("Mozilla/5.0");
  }

  private Process python(Map<String, String> env, String... args) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("AGENT_BUS_URL", bus.server().namespaceUrl("py").toString());
    return PythonClient.start(all, true, args);
  }

  private static String stderr(Process process) throws IOException {
    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
