package dev.agentbus.embedded.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A client that asks for an answer, reads its status line and then reads nothing more, with a small
 * receive buffer: the rest of a large answer stays in the bus.
 */
public final class StalledReader implements AutoCloseable {

  private final Socket socket;
  private final String status;

  /**
   * @param base the server's address
   * @param path what to GET, e.g. {@code /ns/t/_bus/journal}
   */
  public StalledReader(URI base, String path) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(4_096);
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
  }

  /**
   * @return the start of the status line, e.g. {@code HTTP/1.1 200}
   */
  public String status() {
    return status;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
