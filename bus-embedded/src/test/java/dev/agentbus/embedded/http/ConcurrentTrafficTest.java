package dev.agentbus.embedded.http;

import static dev.agentbus.embedded.testing.BusHttp.nextSince;
import static dev.agentbus.embedded.testing.BusHttp.recvQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendRequest;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.RawHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 8 senders and 4 receivers following the public clients' cursor rule exactly, 100,000 messages:
 * nothing lost, nothing duplicated, each sender's order kept.
 */
class ConcurrentTrafficTest {

  private static final int SENDERS = 8;
  private static final int RECEIVERS = 4;
  private static final int PER_SENDER = 12_500;
  private static final int TOTAL = SENDERS * PER_SENDER;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void noMessageIsLostDuplicatedOrReorderedUnderConcurrentCursorPolling() throws Exception {
    // Queues big enough to hold the whole run: this test is about cursors, not eviction.
    try (AgentBusServer server = AgentBusServer.builder().maxQueue(TOTAL).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS + RECEIVERS);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      List<Future<Map<String, List<Integer>>>> receivers = new ArrayList<>();
      for (int r = 0; r < RECEIVERS; r++) {
        String name = "r" + r;
        // Receivers 0 and 1 poll with small max, so that cut answers happen all the time.
        int max = r < 2 ? 7 + r * 6 : 100;
        receivers.add(pool.submit(() -> receive(server, name, max, TOTAL / RECEIVERS, deadline)));
      }
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        String name = "s" + s;
        senders.add(
            pool.submit(
                () -> {
                  // A raw keep-alive connection per sender: the test measures the bus, not a
                  // heavyweight client.
                  try (RawHttp connection = new RawHttp(server.url(), DEADLINE)) {
                    for (int i = 0; i < PER_SENDER && System.nanoTime() < deadline; i++) {
                      String body =
                          ProtocolJson.writeString(
                              new SendRequest(name, "r" + (i % RECEIVERS), name + ":" + i, "load"));
                      assertThat(connection.post("/send", body).status()).isEqualTo(200);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> sender : senders) {
        sender.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      int received = 0;
      for (int r = 0; r < RECEIVERS; r++) {
        Map<String, List<Integer>> bySender =
            receivers.get(r).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (Map.Entry<String, List<Integer>> entry : bySender.entrySet()) {
          List<Integer> sequence = entry.getValue();
          assertThat(sequence)
              .as("r%d from %s in order, no duplicates", r, entry.getKey())
              .isSorted()
              .doesNotHaveDuplicates();
          received += sequence.size();
        }
      }
      pool.shutdown();
      assertThat(received).isEqualTo(TOTAL);
    }
  }

  /** The public client loop: long-poll, print, advance to max(max ts, now). */
  private static Map<String, List<Integer>> receive(
      AgentBusServer server, String name, int max, int expected, long deadline) throws IOException {
    Map<String, List<Integer>> bySender = new HashMap<>();
    BigDecimal since = BigDecimal.ZERO;
    int count = 0;
    try (RawHttp connection = new RawHttp(server.url(), DEADLINE)) {
      while (count < expected && System.nanoTime() < deadline) {
        JsonNode answer =
            ProtocolJson.readTree(
                connection.exchange(recvQuery(name, "load", since, true, max)).body());
        for (JsonNode message : answer.get("messages")) {
          String[] parts = message.get("msg").asText().split(":");
          bySender
              .computeIfAbsent(parts[0], k -> new ArrayList<>())
              .add(Integer.parseInt(parts[1]));
          count++;
        }
        since = nextSince(since, answer);
      }
    }
    return bySender;
  }
}
