package dev.agentbus.embedded.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Speaks HTTP over a bare socket, for requests no well-behaved client would send: a body shorter
 * than its Content-Length, a request the client abandons, many parked polls without threads.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;

  /**
   * Reads through a buffer: a response read a byte per system call costs the client more than the
   * bus takes to answer, and the benchmarks measure the bus.
   */
  private final InputStream in;

  private final String hostHeader;

  /**
   * @param base the bus URL
   * @param readTimeout how long a read may block before the test fails
   */
  public RawHttp(URI base, Duration readTimeout) throws IOException {
    this.socket = new Socket(base.getHost(), base.getPort());
    this.socket.setSoTimeout((int) readTimeout.toMillis());
    this.socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.hostHeader = base.getHost() + ":" + base.getPort();
  }

  /** Writes a request head plus body bytes as given. */
  public void write(String method, String path, String extraHeaders, byte[] body)
      throws IOException {
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nUser-Agent: Mozilla/5.0 (raw)\r\n"
            + extraHeaders
            + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    // One write: the request leaves as one segment, as a client that buffers its request sends it.
    OutputStream out = socket.getOutputStream();
    out.write(request);
    out.flush();
  }

  /** Writes more bytes of a request already begun, e.g. the rest of its body. */
  public void writeBytes(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** A POST of a JSON body with its Content-Length, then its response. */
  public Response post(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    write(
        "POST",
        path,
        "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n",
        body);
    return read();
  }

  /** A GET, then its response. */
  public Response exchange(String pathAndQuery) throws IOException {
    get(pathAndQuery);
    return read();
  }

  /** A GET with no body. */
  public void get(String pathAndQuery) throws IOException {
    write("GET", pathAndQuery, "", new byte[0]);
  }

  /** A parsed response. */
  public record Response(int status, String head, String body) {}

  /** Reads one response (Content-Length framed); fails on timeout. */
  public Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a response; got: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    int at = headText.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
    if (at >= 0) {
      int end = headText.indexOf('\r', at + 17);
      length = Integer.parseInt(headText.substring(at + 17, end).trim());
    }
    byte[] body = in.readNBytes(length);
    int status = Integer.parseInt(headText.substring(9, 12));
    return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
  }

  /** True when the server closed the connection (reads end-of-stream). */
  public boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
