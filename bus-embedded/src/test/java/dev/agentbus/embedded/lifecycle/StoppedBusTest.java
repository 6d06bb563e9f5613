package dev.agentbus.embedded.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.AgentBusServer;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** A bus that has been stopped keeps nothing: no thread, no port, no logger handler, no memory. */
class StoppedBusTest {

  /** Collections asked for before a weakly held bus must have been collected. */
  private static final int MAX_COLLECTIONS = 20;

  @Test
  void aStoppedBusHasNoThreadLeft() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Set<Thread> ofTheBus = new HashSet<>();
    // a request log and a poll that times out: the bus starts its log and timer threads too
    AgentBusServer bus =
        AgentBusServer.builder().recvTimeout(Duration.ofMillis(1)).requestLog(line -> {}).start();
    HttpResponse<String> timedOut =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(bus.url() + "/recv?to=bob&block=true")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(timedOut.statusCode()).isEqualTo(200);
    ofTheBus.addAll(Thread.getAllStackTraces().keySet());
    ofTheBus.removeAll(before);
    ofTheBus.removeIf(thread -> !thread.getName().startsWith("agent-bus"));
    bus.close();

    assertThat(ofTheBus)
        .extracting(Thread::getName)
        .as("threads the bus started")
        .contains("agent-bus-timer", "agent-bus-request-log");
    assertThat(ofTheBus).filteredOn(Thread::isAlive).as("still alive after close").isEmpty();
  }

  @Test
  void aStoppedBusNoLongerListens() {
    AgentBusServer bus = AgentBusServer.builder().start();
    InetSocketAddress address = new InetSocketAddress(bus.host(), bus.port());
    bus.close();

    Assertions.assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aStoppedBusLeavesNoHandlerOnTheSharedLoggers() {
    List<Logger> shared = List.of(Logger.getLogger("org.xnio"), Logger.getLogger("io.undertow"));
    List<Integer> before = shared.stream().map(logger -> logger.getHandlers().length).toList();

    AgentBusServer.builder().start().close();

    assertThat(shared.stream().map(logger -> logger.getHandlers().length).toList())
        .isEqualTo(before);
  }

  @Test
  void aStoppedBusCanBeCollected() {
    WeakReference<AgentBusServer> stopped = new WeakReference<>(startAndStop());

    for (int i = 0; i < MAX_COLLECTIONS && stopped.get() != null; i++) {
      System.gc();
    }

    assertThat(stopped.get()).as("the stopped bus, after %d collections", MAX_COLLECTIONS).isNull();
  }

  private static AgentBusServer startAndStop() {
    AgentBusServer bus = AgentBusServer.builder().start();
    bus.close();
    return bus;
  }
}
