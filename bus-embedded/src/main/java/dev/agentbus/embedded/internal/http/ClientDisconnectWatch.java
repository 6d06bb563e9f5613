package dev.agentbus.embedded.internal.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Notices that the client of a parked exchange hung up.
 *
 * <p>While a request is in progress Undertow reads nothing more from its connection, so a client
 * that disconnects goes unnoticed until a write fails. For a long poll that could be minutes. The
 * watch reads the idle connection instead: end-of-stream means the client left; bytes mean the
 * client pipelined its next request, which are handed back to Undertow untouched.
 *
 * <p>{@link #start} and {@link #stop} run on the exchange's I/O thread, and so does the watch's
 * reading. {@link #claim} alone may run on any thread: it lets another thread answer the exchange
 * while the I/O thread is not using the connection, which spares the answer a hop to that thread.
 */
final class ClientDisconnectWatch {

  /** The I/O thread has not finished starting the watch: only it may answer. */
  private static final int STARTING = 0;

  /** Watching an idle connection: any thread may claim the exchange. */
  private static final int WATCHING = 1;

  /** The I/O thread is reading the connection: only it may answer. */
  private static final int READING = 2;

  /**
   * Only the I/O thread may answer, for good: the watch stopped, the client left, or bytes of a
   * next request wait, which Undertow must read on the I/O thread once the answer is written.
   */
  private static final int IO_THREAD_ONLY = 3;

  /** Claimed by another thread, which answers: the watch reads no more. */
  private static final int CLAIMED = 4;

  private final HttpServerExchange exchange;
  private final AtomicInteger state = new AtomicInteger(STARTING);
  private ConduitStreamSourceChannel watched;

  ClientDisconnectWatch(HttpServerExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Starts watching, unless the exchange was answered already or the connection is not plain
   * HTTP/1.
   *
   * @param onGone what to run if the client disconnects
   */
  void start(Runnable onGone) {
    if (exchange.isResponseStarted()
        || !(exchange.getConnection() instanceof HttpServerConnection connection)
        || connection.getExtraBytes() != null) {
      state.set(IO_THREAD_ONLY);
      return;
    }
    ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
    watched = source;
    source
        .getReadSetter()
        .set(
            channel -> {
              if (!state.compareAndSet(WATCHING, READING)) {
                return; // claimed by another thread, which is suspending these reads
              }
              int next = WATCHING;
              PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
              boolean keep = false;
              try {
                int read = channel.read(pooled.getBuffer());
                if (read > 0) {
                  channel.suspendReads();
                  pooled.getBuffer().flip();
                  connection.setExtraBytes(pooled);
                  keep = true;
                  next = IO_THREAD_ONLY;
                } else if (read < 0) {
                  next = IO_THREAD_ONLY;
                  gone(connection, onGone);
                }
              } catch (IOException e) {
                next = IO_THREAD_ONLY;
                gone(connection, onGone);
              } finally {
                if (!keep) {
                  pooled.close();
                }
                state.set(next);
              }
            });
    source.resumeReads();
    state.compareAndSet(STARTING, WATCHING);
  }

  /**
   * Stops watching before the answer is written on the I/O thread; Undertow takes the connection
   * back after it.
   */
  void stop() {
    state.set(IO_THREAD_ONLY);
    unwatch();
  }

  /**
   * Takes the exchange over for the calling thread, which is not its I/O thread, when that thread
   * is not using the connection: the watch stops, and the caller writes the answer. Thread-safe.
   *
   * @return whether the caller may answer now; if not, it must answer on the I/O thread, which has
   *     the connection or will have it once it is done starting the watch or reading
   */
  boolean claim() {
    if (!state.compareAndSet(WATCHING, CLAIMED)) {
      return false;
    }
    unwatch();
    return true;
  }

  private void unwatch() {
    if (watched != null) {
      watched.suspendReads();
      watched.getReadSetter().set(null);
      watched = null;
    }
  }

  private void gone(HttpServerConnection connection, Runnable onGone) {
    unwatch();
    onGone.run();
    IoUtils.safeClose(connection);
  }
}
