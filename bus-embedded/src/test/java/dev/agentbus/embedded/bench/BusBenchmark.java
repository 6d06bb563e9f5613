package dev.agentbus.embedded.bench;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendRequest;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.journal.MessageSent;
import dev.agentbus.embedded.journal.PollAnswered;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.testing.RawHttp;
import dev.agentbus.embedded.traffic.DeliveryStatus;
import dev.agentbus.embedded.traffic.TrafficAnalysis;
import dev.agentbus.embedded.traffic.TrafficReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The bus's performance figures, one JSON line each, measured over loopback on raw keep-alive
 * sockets so that the figures are the bus's and not a client library's.
 *
 * <p>Run: {@code ./mvnw -q -pl bus-embedded -am test-compile exec:exec@bench}
 */
public final class BusBenchmark {

  private static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

  private static final int WAKEUP_WARMUP_TRIALS = 10_000;

  private BusBenchmark() {}

  /**
   * @param args none for every figure, or {@code serve-memory} or {@code wakeup} for that figure
   *     alone
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("serve-memory")) {
      serveMemory();
      return;
    }
    if (args.length == 1 && args[0].equals("wakeup")) {
      wakeupLatency(1_000);
      return;
    }
    wakeupLatency(1_000);
    for (int clients : new int[] {1, 4, 16}) {
      sendThroughput(clients, Duration.ofSeconds(3));
    }
    parkedPolls(10_000);
    startStop(200);
    namespaceCreation(1_000);
    trafficAnalysis(100_000, 5);
    memoryFlood(64L << 20, 2_000, 2_000);
    idleConnections(1_000, 100);
    idleConnections(1_000, 60_000);
    serveMemory();
  }

  /** 45 s of sends and polls from 1 to 16 clients against {@code serve} at its defaults. */
  private static void serveMemory() throws Exception {
    ServeLoadRun.run(new int[] {1, 2, 4, 8, 16}, Duration.ofSeconds(9), Duration.ofSeconds(60));
  }

  /**
   * Heap held per connection left open by its client after one request whose head carried a header
   * of {@code headerBytes}: the parser keeps what it grew for a head while its connection lives, so
   * the bus closes connections after long heads, and cuts off long heads past its share for
   * connections; the figure counts how many were answered and how many cut off.
   */
  private static void idleConnections(int count, int headerBytes) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    byte[] request =
        ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(headerBytes) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (AgentBusServer server = AgentBusServer.builder().maxConnections(count + 10).start()) {
      List<java.net.Socket> open = new ArrayList<>();
      int answered = 0;
      try {
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        for (int i = 0; i < count; i++) {
          java.net.Socket socket = new java.net.Socket(server.host(), server.port());
          open.add(socket);
          try {
            socket.getOutputStream().write(request);
            byte[] status = socket.getInputStream().readNBytes(12);
            if (new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
              answered++;
            }
          } catch (IOException cutOff) {
            // a long head past the connections' share: closed by the bus
          }
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("connections", count);
        figure.put("header_bytes", headerBytes);
        figure.put("answered", answered);
        figure.put("heap_per_idle_connection_kb", round((after - before) / 1024.0 / count));
        print("idle_connections", figure);
      } finally {
        for (java.net.Socket socket : open) {
          socket.close();
        }
      }
    }
  }

  /** Send -> parked recv answered, measured from writing the send to reading the recv answer. */
  private static void wakeupLatency(int trials) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        RawHttp sender = new RawHttp(server.url(), IO_TIMEOUT);
        RawHttp receiver = new RawHttp(server.url(), IO_TIMEOUT)) {
      // A warm-up long enough for the JIT to compile the send and recv paths (a few thousand
      // requests each): the first figure of a fresh JVM would otherwise time the interpreter.
      long[] micros = measureWakeups(server, sender, receiver, WAKEUP_WARMUP_TRIALS);
      micros = measureWakeups(server, sender, receiver, trials);
      print(
          "wakeup_latency",
          Map.of(
              "unit",
              "us",
              "trials",
              trials,
              "p50",
              percentile(micros, 50),
              "p99",
              percentile(micros, 99)));
    }
  }

  private static long[] measureWakeups(
      AgentBusServer server, RawHttp sender, RawHttp receiver, int trials) throws Exception {
    long[] micros = new long[trials];
    // A recipient of its own per run, so that no earlier run's message answers a poll at once.
    String waiter = "waiter-" + System.nanoTime();
    String send = ProtocolJson.writeString(new SendRequest("bench", waiter, "wake", null));
    byte[] body = send.getBytes(StandardCharsets.UTF_8);
    String since = "0";
    for (int i = 0; i < trials; i++) {
      receiver.get("/recv?to=" + waiter + "&block=true&since=" + since);
      if (!server.awaitParkedPolls(1, IO_TIMEOUT)) {
        throw new IllegalStateException(
            "poll " + i + " did not park; parked=" + server.parkedPolls() + " since=" + since);
      }
      long start = System.nanoTime();
      sender.write("POST", "/send", "Content-Length: " + body.length + "\r\n", body);
      RawHttp.Response woken = receiver.read();
      micros[i] = (System.nanoTime() - start) / 1_000;
      RawHttp.Response ack = sender.read();
      since = ProtocolJson.readTree(ack.body()).get("ts").decimalValue().toPlainString();
      if (!woken.body().contains("wake")) {
        throw new IllegalStateException("woken without the message: " + woken.body());
      }
    }
    return micros;
  }

  /** Sends per second with N keep-alive connections sending back to back. */
  private static void sendThroughput(int clients, Duration duration) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      runSenders(server, clients, Duration.ofSeconds(1)); // warm-up
      long sent = runSenders(server, clients, duration);
      print(
          "send_throughput",
          Map.of(
              "clients",
              clients,
              "seconds",
              duration.toSeconds(),
              "sends",
              sent,
              "per_second",
              Math.round(sent / (double) duration.toSeconds())));
    }
  }

  private static long runSenders(AgentBusServer server, int clients, Duration duration)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + duration.toNanos();
    List<Future<Long>> counts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String sender = "sender-" + c;
      counts.add(
          pool.submit(
              () -> {
                long sent = 0;
                try (RawHttp connection = new RawHttp(server.url(), IO_TIMEOUT)) {
                  String body =
                      ProtocolJson.writeString(
                          new SendRequest(sender, "sink", "payload " + sender, "bench"));
                  while (System.nanoTime() < end) {
                    if (connection.post("/send", body).status() != 200) {
                      throw new IllegalStateException("send refused");
                    }
                    sent++;
                  }
                }
                return sent;
              }));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return total;
  }

  /**
   * Heap held after a flood far larger than the memory budget: maximum-size messages to distinct
   * recipients at the root, then one to each of many new namespaces, none of them read. A health
   * check after each send tells whether the bus stays responsive while it evicts and refuses (a
   * heap thrashing in collections answers in seconds, a bus within its budget in microseconds).
   */
  private static void memoryFlood(long budgetBytes, int rootMessages, int namespaces)
      throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    String body = "x".repeat(60_000);
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    try (AgentBusServer server = AgentBusServer.builder().memoryBudget(budgetBytes).start();
        RawHttp sender = new RawHttp(server.url(), IO_TIMEOUT)) {
      Map<Integer, Integer> statuses = new TreeMap<>();
      long offered = 0;
      long[] healthMicros = new long[rootMessages + namespaces];
      for (int i = 0; i < rootMessages + namespaces; i++) {
        String path = i < rootMessages ? "/send" : "/ns/flood-" + i + "/send";
        String json = ProtocolJson.writeString(new SendRequest("flooder", "r-" + i, body, null));
        statuses.merge(sender.post(path, json).status(), 1, Integer::sum);
        offered += json.length();
        long start = System.nanoTime();
        sender.exchange("/healthz");
        healthMicros[i] = (System.nanoTime() - start) / 1_000;
      }
      System.gc();
      long heapAfter = memory.getHeapMemoryUsage().getUsed();
      Map<String, Object> figure = new LinkedHashMap<>();
      figure.put("offered_mb", round(offered / 1048576.0));
      figure.put("budget_mb", round(budgetBytes / 1048576.0));
      figure.put("accounted_mb", round(server.info().memoryUsed() / 1048576.0));
      figure.put("heap_added_mb", round((heapAfter - heapBefore) / 1048576.0));
      figure.put("heap_added_per_budget", round((heapAfter - heapBefore) / (double) budgetBytes));
      figure.put("statuses", statuses);
      figure.put("healthz_p50_us", percentile(healthMicros, 50));
      figure.put("healthz_p99_us", percentile(healthMicros, 99));
      figure.put("root_journal_dropped", server.info().journalDropped());
      print("memory_flood", figure);
    }
  }

  /** Heap and threads with many polls parked, and one wake-up measured meanwhile. */
  private static void parkedPolls(int count) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Closed by hand below: stopping the bus is what answers the parked polls. Each poll holds a
    // connection: the default cap at this heap (a tenth of it over 8 KiB) is below the count.
    AgentBusServer server = AgentBusServer.builder().maxConnections(count + 100).start();
    Process clients =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                ParkedPollClients.class.getName(),
                server.url().toString(),
                String.valueOf(count))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader clientOut =
        new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
    Writer clientIn = new OutputStreamWriter(clients.getOutputStream(), StandardCharsets.UTF_8);
    try {
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      int threadsBefore = threads.getThreadCount();
      clientIn.write("park\n");
      clientIn.flush();
      if (!"sent".equals(clientOut.readLine()) || !server.awaitParkedPolls(count, IO_TIMEOUT)) {
        throw new IllegalStateException("polls did not park");
      }
      System.gc();
      long heapParked = memory.getHeapMemoryUsage().getUsed();
      int threadsParked = threads.getThreadCount();
      long[] micros;
      try (RawHttp sender = new RawHttp(server.url(), IO_TIMEOUT);
          RawHttp receiver = new RawHttp(server.url(), IO_TIMEOUT)) {
        micros = measureWakeups(server, sender, receiver, 200);
      }
      Map<String, Object> figure = new LinkedHashMap<>();
      figure.put("parked", server.parkedPolls());
      figure.put("heap_used_mb", round(heapParked / 1048576.0));
      figure.put("heap_added_mb", round((heapParked - heapBefore) / 1048576.0));
      figure.put("heap_per_poll_kb", round((heapParked - heapBefore) / 1024.0 / count));
      figure.put("threads_before", threadsBefore);
      figure.put("threads_parked", threadsParked);
      figure.put("wakeup_p50_us", percentile(micros, 50));
      figure.put("wakeup_p99_us", percentile(micros, 99));
      print("parked_polls", figure);
    } finally {
      server.close();
      clientIn.write("read\n");
      clientIn.flush();
      clientOut.readLine();
      clients.waitFor(60, TimeUnit.SECONDS);
      clients.destroy();
    }
  }

  /** start -> first answered request -> stopped, in a warm JVM. */
  private static void startStop(int cycles) throws Exception {
    cycle(50);
    long[] micros = cycle(cycles);
    print(
        "start_ready_stop",
        Map.of(
            "unit",
            "us",
            "cycles",
            cycles,
            "p50",
            percentile(micros, 50),
            "p99",
            percentile(micros, 99)));
  }

  private static long[] cycle(int cycles) throws IOException {
    long[] micros = new long[cycles];
    for (int i = 0; i < cycles; i++) {
      long start = System.nanoTime();
      try (AgentBusServer server = AgentBusServer.builder().start();
          RawHttp client = new RawHttp(server.url(), IO_TIMEOUT)) {
        if (client.exchange("/healthz").status() != 200) {
          throw new IllegalStateException("not ready");
        }
      }
      micros[i] = (System.nanoTime() - start) / 1_000;
    }
    return micros;
  }

  /** The first request to a namespace creates it: its cost over a warm connection. */
  private static void namespaceCreation(int namespaces) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start();
        RawHttp client = new RawHttp(server.url(), IO_TIMEOUT)) {
      long[] first = new long[namespaces];
      long[] again = new long[namespaces];
      for (int i = 0; i < namespaces; i++) {
        long start = System.nanoTime();
        client.exchange("/ns/bench-" + i + "/healthz");
        first[i] = (System.nanoTime() - start) / 1_000;
        start = System.nanoTime();
        client.exchange("/ns/bench-" + i + "/healthz");
        again[i] = (System.nanoTime() - start) / 1_000;
      }
      print(
          "namespace_creation",
          Map.of(
              "unit",
              "us",
              "namespaces",
              namespaces,
              "first_request_p50",
              percentile(first, 50),
              "later_request_p50",
              percentile(again, 50)));
    }
  }

  /** Analysing a journal of N delivered messages (a send and a poll each), median of runs. */
  private static void trafficAnalysis(int messages, int runs) {
    LiveJournal journal = new LiveJournal(2 * messages);
    long ts = 1_764_000_000_000_000L;
    for (int i = 0; i < messages; i++) {
      BigDecimal sentAt = Timestamps.fromMicros(ts + 2L * i);
      BigDecimal polledAt = Timestamps.fromMicros(ts + 2L * i + 1);
      String sender = "agent-" + (i % 16);
      String recipient = "agent-" + ((i + 1) % 16);
      journal.append(
          seq ->
              new MessageSent(
                  seq, sentAt, "c", true, sender, recipient, "message " + seq, 12, "Mozilla/5.0"));
      journal.append(
          seq ->
              new PollAnswered(
                  seq,
                  polledAt,
                  recipient,
                  "c",
                  "c",
                  sentAt.subtract(BigDecimal.ONE),
                  true,
                  100,
                  List.of(sentAt),
                  polledAt,
                  0,
                  false,
                  "Mozilla/5.0"));
    }
    journal.publish();
    long[] millis = new long[runs];
    int delivered = 0;
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      TrafficReport report =
          TrafficAnalysis.analyze(
              "bench",
              ChannellessRecv.ALL,
              TrafficSnapshot.of(journal.entries(), journal.dropped()));
      millis[run] = (System.nanoTime() - start) / 1_000_000;
      delivered = report.counts().get(DeliveryStatus.DELIVERED);
    }
    print(
        "traffic_analysis",
        Map.of(
            "unit",
            "ms",
            "messages",
            messages,
            "delivered",
            delivered,
            "runs",
            runs,
            "p50",
            percentile(millis, 50)));
  }

  static long percentile(long[] values, int percent) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static void print(String figure, Map<String, Object> values) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("figure", figure);
    line.putAll(values instanceof LinkedHashMap ? values : new java.util.TreeMap<>(values));
    System.out.println(ProtocolJson.writeString(line));
    System.out.flush();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
