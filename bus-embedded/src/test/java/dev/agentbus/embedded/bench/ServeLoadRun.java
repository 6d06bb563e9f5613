package dev.agentbus.embedded.bench;

import dev.agentbus.embedded.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code serve} holds of the machine's memory after a burst of traffic, with its default
 * settings: a child JVM started as a user starts it (no {@code -Xmx}, so the JVM's own default
 * heap), loaded by keep-alive clients that send and poll for a while, then left idle. The figure is
 * the resident size and the heap in use at the peak and once the bus has been idle.
 */
final class ServeLoadRun {

  private static final Duration IO_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("agent-bus listening on (\\S+)");
  private static final Pattern HEAP_USED =
      Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
  private static final int POLLS_PER_SEND = 3;

  private ServeLoadRun() {}

  /**
   * Runs the load against a fresh {@code serve} and prints one {@code serve_memory} figure.
   *
   * @param clientSteps how many clients load the bus in each step, one step after another
   * @param step how long each step lasts
   * @param idleAtMost how long to wait, at most, for the bus to give memory back after the load
   */
  static void run(int[] clientSteps, Duration step, Duration idleAtMost) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.agentbus.embedded.cli.AgentBusCommand",
                "serve",
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try {
      URI url = awaitUrl(serve);
      long pid = serve.pid();
      AtomicLong sends = new AtomicLong();
      AtomicLong polls = new AtomicLong();
      long peakRss = 0;
      for (int clients : clientSteps) {
        load(url, clients, step, sends, polls);
        peakRss = Math.max(peakRss, rssBytes(pid));
      }
      long[] heapAtPeak = heap(pid);
      long settledRss = awaitSettledRss(pid, idleAtMost);
      long[] heapAfter = heap(pid);
      long[] heapLive = heapAfterFullCollection(pid);
      Map<String, Object> figure = new LinkedHashMap<>();
      figure.put("sends", sends.get());
      figure.put("receives", polls.get());
      figure.put("seconds", step.toSeconds() * clientSteps.length);
      figure.put("rss_mb_after_load", mb(peakRss));
      figure.put("heap_used_mb_after_load", mb(heapAtPeak[1]));
      figure.put("rss_mb_idle", mb(settledRss));
      figure.put("heap_committed_mb_idle", mb(heapAfter[0]));
      figure.put("heap_used_mb_idle", mb(heapAfter[1]));
      figure.put("heap_live_mb", mb(heapLive[1]));
      BusBenchmark.print("serve_memory", figure);
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  /**
   * Reads serve's output until it says where it listens, then drains the rest in the background.
   */
  private static URI awaitUrl(Process serve) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    for (int line = 0; line < 100; line++) {
      String text = out.readLine();
      if (text == null) {
        break;
      }
      Matcher listening = LISTENING.matcher(text);
      if (listening.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // the request log: read so that serve never blocks on a full pipe
                    }
                  } catch (IOException ended) {
                    // serve stopped
                  }
                },
                "serve-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(listening.group(1));
      }
    }
    throw new IllegalStateException("serve did not say where it listens");
  }

  /**
   * {@code clients} keep-alive connections, each sending to the next and polling its own inbox
   * {@value #POLLS_PER_SEND} times per send, for {@code step}.
   */
  private static void load(URI url, int clients, Duration step, AtomicLong sends, AtomicLong polls)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + step.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String me = "load-" + clients + "-" + i;
        String peer = "load-" + clients + "-" + ((i + 1) % clients);
        running.add(
            pool.submit(
                () -> {
                  try (RawHttp http = new RawHttp(url, IO_TIMEOUT)) {
                    String send =
                        "{\"from\":\""
                            + me
                            + "\",\"to\":\""
                            + peer
                            + "\",\"msg\":\""
                            + "x".repeat(100)
                            + "\"}";
                    while (System.nanoTime() < deadline) {
                      expectOk(http.post("/send", send));
                      sends.incrementAndGet();
                      for (int p = 0; p < POLLS_PER_SEND; p++) {
                        expectOk(http.exchange("/recv?to=" + me));
                        polls.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get(step.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void expectOk(RawHttp.Response response) {
    if (response.status() != 200) {
      throw new IllegalStateException("the load got " + response.status() + ": " + response.body());
    }
  }

  /**
   * Waits until the resident size has not fallen for fifteen seconds (the JVM gives memory back in
   * steps), at most {@code atMost}; returns the last reading. A benchmark may wait on the clock.
   */
  private static long awaitSettledRss(long pid, Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    long lowest = rssBytes(pid);
    long lowestAt = System.nanoTime();
    while (System.nanoTime() < deadline
        && System.nanoTime() - lowestAt < TimeUnit.SECONDS.toNanos(15)) {
      Thread.sleep(500);
      long now = rssBytes(pid);
      if (now < lowest - (1 << 20)) {
        lowest = now;
        lowestAt = System.nanoTime();
      }
    }
    return rssBytes(pid);
  }

  private static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** What the bus really keeps: the heap used once a full collection has removed the garbage. */
  private static long[] heapAfterFullCollection(long pid) throws Exception {
    jcmd(pid, "GC.run");
    return heap(pid);
  }

  /** The child's heap, committed and used, in bytes, as {@code jcmd GC.heap_info} reports it. */
  private static long[] heap(long pid) throws Exception {
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      return new long[] {-1, -1};
    }
    return new long[] {Long.parseLong(used.group(1)) * 1024, Long.parseLong(used.group(2)) * 1024};
  }

  private static String jcmd(long pid, String command) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process =
        new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return text;
  }

  private static double mb(long bytes) {
    return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
  }
}
