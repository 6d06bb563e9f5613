package dev.agentbus.embedded.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process that parks many {@code /recv} polls on a bus, so that the bus's own process is
 * measured alone (and neither process runs out of file descriptors).
 *
 * <p>Usage: {@code ParkedPollClients URL COUNT}. Prints {@code sent} once every request is written,
 * then waits for a line on stdin, then reads every answer and prints {@code answered N}.
 */
public final class ParkedPollClients {

  private ParkedPollClients() {}

  /**
   * @param args the bus URL and how many polls to park
   */
  public static void main(String[] args) throws Exception {
    URI bus = URI.create(args[0]);
    int count = Integer.parseInt(args[1]);
    InetSocketAddress address = new InetSocketAddress(bus.getHost(), bus.getPort());
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    commands.readLine();
    List<SocketChannel> channels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(address);
      String request =
          "GET /recv?to=parked-"
              + i
              + "&block=true HTTP/1.1\r\nHost: bench\r\n"
              + "User-Agent: Mozilla/5.0\r\n\r\n";
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      channels.add(channel);
    }
    System.out.println("sent");
    System.out.flush();
    commands.readLine();
    int answered = 0;
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    for (SocketChannel channel : channels) {
      buffer.clear();
      if (channel.read(buffer) > 0) {
        answered++;
      }
      channel.close();
    }
    System.out.println("answered " + answered);
  }
}
