package dev.agentbus.embedded.lifecycle;

import dev.agentbus.embedded.AgentBusServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Starts a bus, answers one send and one poll, and stops it, over and over in one JVM; prints the
 * heap in use after a full collection at each checkpoint, as {@code cycle N heap BYTES}. Run in a
 * JVM with a small heap, so that a stopped bus that keeps anything ends in an {@code
 * OutOfMemoryError} long before the last cycle.
 */
public final class RestartLoop {

  /** Every how many cycles the heap is measured. */
  static final int CHECKPOINT = 50;

  private RestartLoop() {}

  /**
   * @param args the number of cycles
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int cycles = Integer.parseInt(args[0]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int cycle = 1; cycle <= cycles; cycle++) {
      try (AgentBusServer bus = AgentBusServer.builder().start()) {
        exchange(http, bus.url());
      }
      if (cycle % CHECKPOINT == 0) {
        memory.gc();
        System.out.println("cycle " + cycle + " heap " + memory.getHeapMemoryUsage().getUsed());
      }
    }
  }

  private static void exchange(HttpClient http, URI bus) throws IOException, InterruptedException {
    HttpResponse<String> sent =
        http.send(
            HttpRequest.newBuilder(URI.create(bus + "/send"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"from\":\"alice\",\"to\":\"bob\",\"msg\":\"ping\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> received =
        http.send(
            HttpRequest.newBuilder(URI.create(bus + "/recv?to=bob")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (sent.statusCode() != 200 || !received.body().contains("ping")) {
      throw new IllegalStateException(
          "exchange failed: send " + sent.statusCode() + ", recv " + received.body());
    }
  }
}
