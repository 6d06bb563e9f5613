package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.RecvResult;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client against a stand-in for the public reference server's {@code /recv}, which cuts an
 * answer at {@code max} and still reports the wall clock as {@code now}: a client that follows the
 * plain cursor rule jumps over everything beyond {@code max}. (Our own bus never does that, so this
 * behaviour cannot be shown against it.)
 */
class ReferenceServerCursorTest {

  private static final int BACKLOG = 150;

  private HttpServer reference;
  private final List<BusMessage> held = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    for (int i = 1; i <= BACKLOG; i++) {
      held.add(new BusMessage(new BigDecimal("1000." + (100_000 + i)), "alice", "m" + i, "c"));
    }
    reference = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    reference.createContext("/recv", this::recv);
    reference.start();
  }

  @AfterEach
  void stop() {
    reference.stop(0);
  }

  /** As bus_server.py answers: messages after since, at most max, and now = the wall clock. */
  private void recv(HttpExchange exchange) throws IOException {
    Map<String, String> query =
        Arrays.stream(exchange.getRequestURI().getQuery().split("&"))
            .map(pair -> pair.split("=", 2))
            .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    BigDecimal since = new BigDecimal(query.get("since"));
    int max = Integer.parseInt(query.get("max"));
    List<BusMessage> answer =
        held.stream().filter(m -> m.ts().compareTo(since) > 0).limit(max).toList();
    byte[] body = ProtocolJson.write(new RecvResult(answer, new BigDecimal("9999999999.000000")));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void aBacklogLongerThanMaxIsReadCompletelyAcrossPolls() {
    try (AgentBusClient bob =
        AgentBusClient.builder()
            .url(URI.create("http://127.0.0.1:" + reference.getAddress().getPort()))
            .name("bob")
            .channel("c")
            .startFromBeginning()
            .build()) {
      List<String> received = new ArrayList<>();
      for (int polls = 0; polls < 5; polls++) {
        bob.pollNow().forEach(message -> received.add(message.msg()));
      }

      assertThat(received).hasSize(BACKLOG).doesNotHaveDuplicates();
      assertThat(received.get(BACKLOG - 1)).isEqualTo("m" + BACKLOG);
    }
  }
}
