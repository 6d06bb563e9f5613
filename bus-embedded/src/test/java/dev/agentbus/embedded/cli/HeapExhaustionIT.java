package dev.agentbus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.embedded.testing.BusHttp;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Attacks that used to end a {@code serve} with a small heap in an {@code OutOfMemoryError}: each
 * runs against {@code -Xmx64m}, bounded in count and time, and the bus must still answer after it.
 */
class HeapExhaustionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration ATTACK = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken";

  /** Under the 64 KiB limit on a request head, so that Undertow parses every one. */
  private static final String PADDING = "X-Padding: " + "p".repeat(60_000) + "\r\n";

  @Test
  void idleConnectionsLeftAfterLargeRequestHeadsDoNotExhaustTheHeap() throws Exception {
    // Before the fix, each idle connection kept the parser's buffers grown for its head: about
    // 75 KB, and a 64 MB bus died after about 1,100 of them.
    try (RunningJar jar = smallHeapServe()) {
      URI url = readyUrl(jar);
      byte[] request =
          ("GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\n"
                  + PADDING
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      int answered = attack(jar, url, 2_500, request, true, () -> {});

      assertThat(answered).as("answered large heads").isPositive();
      assertStillServing(jar, url);
    }
  }

  @Test
  void unfinishedLargeRequestHeadsDoNotExhaustTheHeap() throws Exception {
    // Before the fix, a 64 MB bus held about 75 KB for each head left unfinished until the parse
    // timeout, and died long before it.
    try (RunningJar jar = smallHeapServe()) {
      URI url = readyUrl(jar);
      byte[] head =
          ("GET /healthz HTTP/1.1\r\nHost: x\r\n" + PADDING).getBytes(StandardCharsets.US_ASCII);
      // While they are held, a new request gets an answer: before the fix the parser's
      // OutOfMemoryErrors were taken for bad requests and connections closed without one.
      attack(jar, url, 2_500, head, false, () -> assertAnswers(url));

      assertStillServing(jar, url);
    }
  }

  @Test
  void eightReadersOfTheTrafficOfFullNamespacesDoNotExhaustTheHeap() throws Exception {
    // Before the fix, the analyses built for these reads were counted against no cap: two runs
    // of two ended in an OutOfMemoryError on an admin thread.
    try (RunningJar jar = smallHeapServe()) {
      URI url = readyUrl(jar);
      fill(url, "/ns/full-1", 9);
      fill(url, "/ns/full-2", 18);
      List<String> reads =
          List.of(
              "/_bus/traffic?max=5000",
              "/_bus/transcript?max=20000",
              "/_bus/journal?from=0&max=10000");
      Map<String, Integer> statuses = new ConcurrentHashMap<>();
      ExecutorService readers = Executors.newFixedThreadPool(8);
      long deadline = System.nanoTime() + ATTACK.toNanos();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
          int reader = r;
          done.add(
              readers.submit(
                  () -> {
                    BusHttp bus = new BusHttp(url).withHeader("Authorization", "Bearer " + TOKEN);
                    for (int round = 0;
                        round < 4 && jar.isAlive() && System.nanoTime() < deadline;
                        round++) {
                      for (String read : reads) {
                        String path = "/ns/full-" + (1 + (reader + round) % 2) + read;
                        BusHttp.Reply reply;
                        try {
                          reply = bus.get(path);
                        } catch (RuntimeException gone) {
                          return; // the bus died: asserted below
                        }
                        statuses.merge(read + " " + reply.status(), 1, Integer::sum);
                        if (reply.status() == 503) {
                          assertThat(reply.error())
                              .containsAnyOf("retry shortly", "maxAdminBytesInFlight");
                        }
                      }
                    }
                  }));
        }
        for (Future<?> reader : done) {
          reader.get(ATTACK.toSeconds() + 30, TimeUnit.SECONDS);
        }
      } finally {
        readers.shutdownNow();
      }

      assertStillServing(jar, url);
      assertThat(new TreeMap<>(statuses).keySet())
          .as("%s", statuses)
          .allMatch(key -> key.endsWith(" 200") || key.endsWith(" 503"))
          .anyMatch(key -> key.startsWith("/_bus/journal") && key.endsWith(" 200"));
    }
  }

  /**
   * Opens connections one after another, each writing {@code bytes} and, when {@code answered},
   * reading its answer, all left open; stops early when the bus dies or time runs out. Runs {@code
   * whileOpen} before closing them.
   *
   * @return how many connections were answered 200
   */
  private static int attack(
      RunningJar jar, URI url, int connections, byte[] bytes, boolean answered, Runnable whileOpen)
      throws IOException {
    List<Socket> open = new ArrayList<>();
    int ok = 0;
    long deadline = System.nanoTime() + ATTACK.toNanos();
    try {
      for (int i = 0; i < connections && jar.isAlive() && System.nanoTime() < deadline; i++) {
        Socket socket;
        try {
          socket = new Socket(url.getHost(), url.getPort());
        } catch (IOException busGone) {
          break; // the bus died: asserted by the caller
        }
        open.add(socket);
        socket.setSoTimeout(10_000);
        try {
          OutputStream out = socket.getOutputStream();
          out.write(bytes);
          out.flush();
          if (answered) {
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            if (new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
              ok++;
            }
          }
        } catch (IOException closedByTheBus) {
          // refused or cut off: what a bus at its bounds may do
        }
      }
      whileOpen.run();
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
    return ok;
  }

  /**
   * Sends small messages to a namespace, pipelined, until the bus holds {@code tenths} tenths of a
   * namespace's share (half the budget).
   */
  private static void fill(URI url, String namespace, int tenths) throws IOException {
    String body =
        "{\"from\":\"a\",\"to\":\"b\",\"msg\":\"" + "m".repeat(40) + "\",\"channel\":\"c\"}";
    byte[] send =
        ("POST "
                + namespace
                + "/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII);
    BusHttp admin = new BusHttp(url).withHeader("Authorization", "Bearer " + TOKEN);
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      long used = 0;
      long share = admin.get("/_bus/info").json().at("/memory/budget").asLong() / 2;
      for (int batch = 0; batch < 100 && used < share * tenths / 10; batch++) {
        for (int i = 0; i < 1_000; i++) {
          out.write(send);
        }
        out.flush();
        for (int i = 0; i < 1_000; i++) {
          skipResponse(in);
        }
        used = admin.get("/_bus/info").json().at("/memory/used").asLong();
      }
    }
  }

  /** Reads one small Content-Length framed response and throws it away. */
  private static void skipResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the bus closed the connection mid-fill");
      }
      head.append((char) b);
    }
    String text = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = text.indexOf("content-length:");
    int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
    in.readNBytes(length);
  }

  /** A new connection's request is answered: 200, or a JSON 503 naming what to change. */
  private static void assertAnswers(URI url) {
    for (int i = 0; i < 20; i++) {
      try (Socket socket = new Socket(url.getHost(), url.getPort())) {
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                ("GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + TOKEN
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer)
            .as("answer %d", i)
            .matches("(?s)HTTP/1.1 (200|503) .*\\{\"(ok|error)\".*");
      } catch (IOException e) {
        throw new AssertionError("request " + i + " got no answer: " + e, e);
      }
    }
  }

  private static void assertStillServing(RunningJar jar, URI url) {
    assertThat(jar.isAlive()).as("serve is alive; stderr: %s", jar.stderr()).isTrue();
    BusHttp bus = new BusHttp(url).withHeader("Authorization", "Bearer " + TOKEN);
    int status = 0;
    // Each try is answered at once: 503 while closed attack connections are still counted.
    for (int attempt = 0; attempt < 1_000 && status != 200; attempt++) {
      status = bus.get("/healthz").status();
    }
    assertThat(status).isEqualTo(200);
    assertThat(String.join("\n", jar.stderr())).doesNotContain("OutOfMemoryError");
  }

  /** A quiet {@code serve} with a token, on a free port, in a JVM with a 64 MB heap. */
  private static RunningJar smallHeapServe() throws IOException {
    return RunningJar.withJvmOptions(
        List.of("-Xmx64m", "-XX:-HeapDumpOnOutOfMemoryError"),
        "serve",
        "--port",
        "0",
        "--quiet",
        "--token",
        TOKEN);
  }

  private static URI readyUrl(RunningJar jar) throws InterruptedException {
    String ready = jar.nextLine(WAIT);
    assertThat(ready).as("serve did not start: %s", jar.stderr()).isNotNull();
    jar.nextLine(WAIT); // where the traffic report is
    return URI.create(ready.substring(ready.indexOf("http://")));
  }
}
