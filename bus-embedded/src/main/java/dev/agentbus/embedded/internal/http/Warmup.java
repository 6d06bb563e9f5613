package dev.agentbus.embedded.internal.http;

import dev.agentbus.client.protocol.BusError;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs real requests through the bus before it reports that it is listening: a send, a poll that
 * gets it, one that gets nothing and a refused send in a namespace of their own, which is then
 * dropped, and a health check. Every class a request needs is then loaded and initialised while the
 * process still has file descriptors to spare: a class whose initialisation fails later (say, when
 * a flood of connections has used up the descriptors the class loader needs) fails for good, and
 * would leave the bus answering nothing.
 */
public final class Warmup {

  /** How many requests {@link #run} sends. */
  public static final int REQUESTS = 6;

  private static final int TIMEOUT_MILLIS = 10_000;

  /** What a body read waiting for the rest of a trickling body loads: its listener, its resume. */
  private static final List<String> TRICKLED_BODY_CLASSES =
      List.of(
          "io.undertow.io.AsyncReceiverImpl$5$1",
          "io.undertow.io.AsyncReceiverImpl$5$2",
          "org.xnio.nio.NioHandle$1");

  /**
   * Class initialisation happens once per JVM, so the warm-up does too: later buses in the same JVM
   * start without it. Set only once a warm-up has succeeded.
   */
  private static final AtomicBoolean DONE = new AtomicBoolean();

  private Warmup() {}

  /**
   * Sends the warm-up requests over one connection and reads every answer, unless a bus in this JVM
   * already did. Blocks for at most about ten seconds per request.
   *
   * @param address where the bus listens (a wildcard address is reached through loopback)
   * @param basePath the path the bus is served under, {@code ""} for the root
   * @param bearerToken the server's token, or {@code null}
   * @return {@code true} if the requests were sent, {@code false} if this JVM was warm already
   * @throws UncheckedIOException if the bus could not be reached or answered unexpectedly
   */
  public static boolean run(InetSocketAddress address, String basePath, String bearerToken) {
    if (DONE.get()) {
      return false;
    }
    InetAddress host =
        address.getAddress().isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress()
            : address.getAddress();
    String namespace = basePath + "/ns/agent-bus-warm-up-" + UUID.randomUUID();
    String headers =
        "Host: warm-up\r\nUser-Agent: Mozilla/5.0 (agent-bus warm-up)\r\n"
            + (bearerToken == null ? "" : "Authorization: Bearer " + bearerToken + "\r\n");
    String send = "{\"from\":\"warm-up\",\"to\":\"warm-up\",\"msg\":\"warm-up\"}";
    try (Socket socket = new Socket(host, address.getPort())) {
      // Used by a body read only when the body trickles in after a read came back empty, which
      // these requests cannot force.
      Class.forName("org.xnio.Buffers", true, Warmup.class.getClassLoader());
      loadIfPresent(TRICKLED_BODY_CLASSES);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true); // a head and a body written apart must not wait for an ACK
      ProtocolJson.readTree(
          new String(ProtocolJson.write(new BusError("warm-up")), StandardCharsets.UTF_8));
      exchange(socket, "POST " + namespace + "/send", headers, send, 200);
      exchange(socket, "GET " + namespace + "/recv?to=warm%2Dup", headers, "", 200);
      exchange(socket, "GET " + namespace + "/recv?to=nobody&channel=none", headers, "", 200);
      exchange(socket, "POST " + namespace + "/send", headers, "{", 400);
      exchange(socket, "DELETE " + namespace + "/_bus/namespace", headers, "", 200);
      exchange(socket, "GET " + basePath + "/healthz", headers, "", 200);
      awaitClosedByBus(socket);
      DONE.set(true);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("the bus could not serve its warm-up requests: " + e, e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("XNIO is missing from the class path: " + e, e);
    }
  }

  /**
   * Ends the connection from the client's side and waits for the bus to close its side, so that the
   * classes a closing connection needs are loaded before the bus reports that it is listening, not
   * on an I/O thread while the first real requests arrive.
   */
  private static void awaitClosedByBus(Socket socket) throws IOException {
    socket.shutdownOutput();
    InputStream in = socket.getInputStream();
    byte[] rest = new byte[512];
    for (int reads = 0; reads < 64; reads++) {
      if (in.read(rest) < 0) {
        return;
      }
    }
    throw new IOException("the bus kept the warm-up connection open after its client left");
  }

  /**
   * Loads classes by name where this version of Undertow and XNIO has them: anonymous classes,
   * whose names a later version may change, and which then are simply not needed.
   */
  private static void loadIfPresent(List<String> classNames) {
    for (String name : classNames) {
      try {
        Class.forName(name, true, Warmup.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // not part of this version
      }
    }
  }

  private static void exchange(
      Socket socket, String requestLine, String headers, String body, int expected)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // A body sent after 100 Continue is read from the connection after its head, the path most
    // bodies take; any other body arrives with its head.
    boolean continued = !body.isEmpty() && expected == 200;
    OutputStream out = socket.getOutputStream();
    out.write(
        (requestLine
                + " HTTP/1.1\r\n"
                + headers
                + (continued ? "Expect: 100-continue\r\n" : "")
                + "Content-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    if (continued) {
      out.flush();
      readAnswer(socket, requestLine, 100);
    }
    out.write(bytes);
    out.flush();
    readAnswer(socket, requestLine, expected);
  }

  private static void readAnswer(Socket socket, String requestLine, int expected)
      throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 4 || !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0 || head.size() > 16_384) {
        throw new IOException("no complete answer to " + requestLine);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/1.1 " + expected)) {
      throw new IOException(requestLine + " was answered " + text.lines().findFirst().orElse(""));
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int at = lower.indexOf("\r\ncontent-length:");
    int length = 0;
    if (at >= 0) {
      length = Integer.parseInt(text.substring(at + 17, text.indexOf('\r', at + 17)).trim());
    }
    in.readNBytes(length);
  }
}
