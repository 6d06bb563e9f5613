package dev.agentbus.embedded.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendRequest;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.testing.RawHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The analysis of a concurrent run with thousands of messages. */
class TrafficAtScaleTest {

  private static final int SENDERS = 4;
  private static final int PER_SENDER = 1_000;
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @Test
  void everyMessageOfAConcurrentRunIsAccountedDelivered() throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().maxQueue(10_000).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      Future<Integer> receiver =
          pool.submit(() -> receiveAll(server, SENDERS * PER_SENDER, deadline));
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        String name = "s" + s;
        senders.add(
            pool.submit(
                () -> {
                  try (RawHttp connection = new RawHttp(server.url(), DEADLINE)) {
                    for (int i = 0; i < PER_SENDER; i++) {
                      RawHttp.Response reply =
                          connection.post(
                              "/send",
                              ProtocolJson.writeString(
                                  new SendRequest(name, "sink", name + ":" + i, "c")));
                      if (reply.status() != 200) {
                        throw new AssertionError(name + ":" + i + " was refused: " + reply.body());
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> sender : senders) {
        sender.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      assertThat(receiver.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(SENDERS * PER_SENDER);
      pool.shutdown();

      TrafficReport report = server.traffic();

      assertThat(report.messages()).hasSize(SENDERS * PER_SENDER);
      assertThat(report.counts().get(DeliveryStatus.DELIVERED)).isEqualTo(SENDERS * PER_SENDER);
      assertThat(report.messages()).noneMatch(MessageOutcome::deliveredMoreThanOnce);
    }
  }

  private static int receiveAll(AgentBusServer server, int expected, long deadline)
      throws Exception {
    int received = 0;
    BigDecimal since = BigDecimal.ZERO;
    try (RawHttp connection = new RawHttp(server.url(), DEADLINE)) {
      while (received < expected && System.nanoTime() < deadline) {
        var answer =
            ProtocolJson.readTree(
                connection
                    .exchange("/recv?to=sink&channel=c&block=true&since=" + since.toPlainString())
                    .body());
        for (var message : answer.get("messages")) {
          since = since.max(message.get("ts").decimalValue());
          received++;
        }
        since = since.max(answer.get("now").decimalValue());
      }
    }
    return received;
  }
}
