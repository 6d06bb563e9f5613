package dev.agentbus.embedded.bench;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendRequest;
import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.testing.RawHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What one namespace's readers cost the others: send latency with a blocking journal watcher on a
 * large journal, and another namespace's {@code /healthz} while huge transcripts and traffic
 * reports are rendered. Everything goes over HTTP, as from a test in another process.
 *
 * <p>Run: {@code ./mvnw -q -pl bus-embedded -am test-compile exec:exec@bench-namespaces}, or this
 * class's {@code main} with {@code [journalEntries] [transcriptMessages]}.
 */
public final class NamespaceBenchmark {

  private static final Duration IO_TIMEOUT = Duration.ofSeconds(120);
  private static final int SAMPLES = 2_000;

  private NamespaceBenchmark() {}

  /**
   * @param args journal entries for the watcher run (default 500,000), messages for the transcript
   *     run (default 300,000)
   */
  public static void main(String[] args) throws Exception {
    run(
        args.length > 0 ? Integer.parseInt(args[0]) : 500_000,
        args.length > 1 ? Integer.parseInt(args[1]) : 300_000);
  }

  static void run(int journalEntries, int transcriptMessages) throws Exception {
    journalWatcher(journalEntries);
    transcriptNeighbour(transcriptMessages);
  }

  /**
   * Send latency on a namespace holding {@code entries} journal entries, without then with a
   * watcher.
   */
  private static void journalWatcher(int entries) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      URI namespace = URI.create(server.url() + "/ns/watched");
      fill(namespace, entries);
      AtomicLong seen = new AtomicLong();
      LiveJournal journal = (LiveJournal) server.namespace("watched").orElseThrow().journal();
      Measured sends =
          aloneThenBeside(
              () -> sendLatencies(namespace, SAMPLES),
              "journal-watcher",
              // It tails: from the end as it starts, past the filling sends and their evictions.
              watching -> watch(namespace, journal.nextSeq(), watching, seen),
              // Every send measured beside the watcher has it waiting for the next entry.
              () -> journal.awaitWaitingReaders(1, IO_TIMEOUT));
      BusBenchmark.print(
          "send_latency_with_journal_watcher",
          Map.of(
              "unit", "us",
              "journal_entries", entries,
              "sends", SAMPLES,
              "p50_without", BusBenchmark.percentile(sends.alone(), 50),
              "p99_without", BusBenchmark.percentile(sends.alone(), 99),
              "p50_with", BusBenchmark.percentile(sends.beside(), 50),
              "p99_with", BusBenchmark.percentile(sends.beside(), 99),
              "entries_watched", seen.get()));
    }
  }

  /** A reader in another process following the journal's tail with blocking reads. */
  private static void watch(URI namespace, long from, AtomicBoolean watching, AtomicLong seen) {
    try (RawHttp http = new RawHttp(namespace, IO_TIMEOUT)) {
      long next = from;
      while (watching.get()) {
        RawHttp.Response page =
            http.exchange(
                namespace.getPath() + "/_bus/journal?block=true&timeout=1&max=1000&from=" + next);
        var json = ProtocolJson.readTree(page.body());
        next = json.get("nextSeq").asLong();
        seen.addAndGet(json.get("entries").size());
      }
    } catch (Exception e) {
      throw new IllegalStateException("the journal watcher failed", e);
    }
  }

  /** Another namespace's health checks while one namespace's huge traffic is rendered nonstop. */
  private static void transcriptNeighbour(int messages) throws Exception {
    try (AgentBusServer server = AgentBusServer.builder().start()) {
      URI big = URI.create(server.url() + "/ns/big");
      URI other = URI.create(server.url() + "/ns/other");
      fill(big, messages);
      AtomicLong rendered = new AtomicLong();
      Measured health =
          aloneThenBeside(
              () -> healthLatencies(other, SAMPLES),
              "transcript-renderer",
              rendering -> render(big, rendering, rendered),
              () -> true);
      BusBenchmark.print(
          "healthz_beside_transcripts",
          Map.of(
              "unit", "us",
              "messages_in_other_namespace", messages,
              "requests", SAMPLES,
              "p50_quiet", BusBenchmark.percentile(health.alone(), 50),
              "p99_quiet", BusBenchmark.percentile(health.alone(), 99),
              "p50_while_rendering", BusBenchmark.percentile(health.beside(), 50),
              "p99_while_rendering", BusBenchmark.percentile(health.beside(), 99),
              "renders_done", rendered.get()));
    }
  }

  /** Latencies measured alone, then while a load runs on a thread of its own. */
  private record Measured(long[] alone, long[] beside) {}

  /** Takes one series of latency samples, in microseconds. */
  private interface Sampler {
    long[] sample() throws Exception;
  }

  /** Waits until a load runs, so that none of the samples beside it is taken before it started. */
  private interface Started {
    boolean await() throws InterruptedException;
  }

  /**
   * Samples once alone, then again while {@code load} runs on its own thread, once {@code started}
   * says it runs; the load stops when the flag it is given turns false.
   */
  private static Measured aloneThenBeside(
      Sampler sampler, String loadName, Consumer<AtomicBoolean> load, Started started)
      throws Exception {
    long[] alone = sampler.sample();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread loader = new Thread(() -> load.accept(running), loadName);
    loader.start();
    try {
      if (!started.await()) {
        throw new IllegalStateException(loadName + " did not start within " + IO_TIMEOUT);
      }
      return new Measured(alone, sampler.sample());
    } finally {
      running.set(false);
      loader.join(IO_TIMEOUT.toMillis());
    }
  }

  private static void render(URI namespace, AtomicBoolean rendering, AtomicLong rendered) {
    try (RawHttp http = new RawHttp(namespace, IO_TIMEOUT)) {
      String[] paths = {"/_bus/transcript?max=20000", "/_bus/traffic"};
      for (int i = 0; rendering.get(); i++) {
        http.exchange(namespace.getPath() + paths[i % 2]);
        rendered.incrementAndGet();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the renderer failed", e);
    }
  }

  private static long[] sendLatencies(URI namespace, int samples) throws Exception {
    long[] micros = new long[samples];
    String body = ProtocolJson.writeString(new SendRequest("alice", "bob", "measured", "c"));
    try (RawHttp http = new RawHttp(namespace, IO_TIMEOUT)) {
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        if (http.post(namespace.getPath() + "/send", body).status() != 200) {
          throw new IllegalStateException("send refused");
        }
        micros[i] = (System.nanoTime() - start) / 1_000;
      }
    }
    return micros;
  }

  private static long[] healthLatencies(URI namespace, int samples) throws Exception {
    long[] micros = new long[samples];
    try (RawHttp http = new RawHttp(namespace, IO_TIMEOUT)) {
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        if (http.exchange(namespace.getPath() + "/healthz").status() != 200) {
          throw new IllegalStateException("healthz failed");
        }
        micros[i] = (System.nanoTime() - start) / 1_000;
      }
    }
    return micros;
  }

  /** Sends {@code messages} messages to a namespace from four keep-alive connections. */
  private static void fill(URI namespace, int messages) throws Exception {
    int connections = 4;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int sender = c;
        senders.add(
            pool.submit(
                () -> {
                  try (RawHttp http = new RawHttp(namespace, IO_TIMEOUT)) {
                    for (int i = sender; i < messages; i += connections) {
                      String body =
                          ProtocolJson.writeString(
                              new SendRequest(
                                  "agent-" + sender,
                                  "agent-" + (i % 64),
                                  "filler message " + i,
                                  "c-" + (i % 8)));
                      if (http.post(namespace.getPath() + "/send", body).status() != 200) {
                        throw new IllegalStateException("fill refused");
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> sender : senders) {
        sender.get(30, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
