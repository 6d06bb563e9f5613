package dev.agentbus.embedded.internal.http;

import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The bus's HTTP/1.1 listening socket, assembled from Undertow's parts as its builder would, but
 * with every accepted connection passed through a {@link ConnectionGate} before Undertow reads a
 * byte of it: the builder has no place for that. Thread-safe.
 */
public final class HttpListener implements AutoCloseable {

  private final DefaultByteBufferPool buffers;
  private final AcceptingChannel<StreamConnection> channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpListener(DefaultByteBufferPool buffers, AcceptingChannel<StreamConnection> channel) {
    this.buffers = buffers;
    this.channel = channel;
  }

  /**
   * Binds the port and starts accepting.
   *
   * @param worker the I/O threads
   * @param host the address to listen on
   * @param port the port, 0 for an ephemeral one
   * @param socketOptions XNIO options of the listening socket and its connections
   * @param serverOptions Undertow's options
   * @param root the handler of every request
   * @param gate what admits connections
   * @return the listener, accepting
   * @throws UncheckedIOException if the port cannot be bound (with the {@link
   *     java.net.BindException} as its cause when it is taken)
   */
  public static HttpListener start(
      XnioWorker worker,
      String host,
      int port,
      OptionMap socketOptions,
      OptionMap serverOptions,
      HttpHandler root,
      ConnectionGate gate) {
    // Undertow's own choice of buffers by heap: small heaps get small, heap-allocated ones.
    long heap = Runtime.getRuntime().maxMemory();
    boolean direct = heap >= 64L << 20;
    int size = heap < 64L << 20 ? 512 : heap < 128L << 20 ? 1024 : 16_364;
    DefaultByteBufferPool buffers = new DefaultByteBufferPool(direct, size, -1, 4);
    HttpOpenListener open =
        new HttpOpenListener(
            buffers,
            OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .addAll(serverOptions)
                .getMap());
    open.setRootHandler(root);
    OptionMap options =
        OptionMap.builder()
            .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
            .set(Options.TCP_NODELAY, true)
            .set(Options.REUSE_ADDRESSES, true)
            .set(Options.BALANCING_TOKENS, 1)
            .set(Options.BALANCING_CONNECTIONS, 2)
            .addAll(socketOptions)
            .getMap();
    try {
      AcceptingChannel<StreamConnection> channel =
          worker.createStreamConnectionServer(
              new InetSocketAddress(InetAddress.getByName(host), port),
              ChannelListeners.openListenerAdapter(gate.admitting(open)),
              options);
      channel.resumeAccepts();
      return new HttpListener(buffers, channel);
    } catch (IOException e) {
      buffers.close();
      throw new UncheckedIOException("could not listen on " + host + ":" + port + ": " + e, e);
    }
  }

  /**
   * @return the address bound, with the real port
   */
  public InetSocketAddress address() {
    return channel.getLocalAddress(InetSocketAddress.class);
  }

  /** Stops accepting; open connections are closed with the worker. Idempotent. */
  @Override
  public void close() {
    // Closing the channel again, once the I/O threads are gone, would wait for them for ever.
    if (closed.getAndSet(true)) {
      return;
    }
    IoUtils.safeClose(channel);
    buffers.close();
  }
}
