package dev.agentbus.embedded.internal.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Notices that the client of a parked exchange hung up.
 *
 * <p>While a request is in progress Undertow reads nothing more from its connection, so a client
 * that disconnects goes unnoticed until a write fails. For a long poll that could be minutes. The
 * watch reads the idle connection instead: end-of-stream means the client left; bytes mean the
 * client pipelined its next request, which are handed back to Undertow untouched. Runs on the
 * exchange's I/O thread only.
 */
final class ClientDisconnectWatch {

  private final HttpServerExchange exchange;
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
      return;
    }
    ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
    watched = source;
    source
        .getReadSetter()
        .set(
            channel -> {
              PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
              boolean keep = false;
              try {
                int read = channel.read(pooled.getBuffer());
                if (read > 0) {
                  channel.suspendReads();
                  pooled.getBuffer().flip();
                  connection.setExtraBytes(pooled);
                  keep = true;
                } else if (read < 0) {
                  gone(connection, onGone);
                }
              } catch (IOException e) {
                gone(connection, onGone);
              } finally {
                if (!keep) {
                  pooled.close();
                }
              }
            });
    source.resumeReads();
  }

  /** Stops watching before the answer is written; Undertow takes the connection back after it. */
  void stop() {
    if (watched != null) {
      watched.suspendReads();
      watched.getReadSetter().set(null);
      watched = null;
    }
  }

  private void gone(HttpServerConnection connection, Runnable onGone) {
    stop();
    onGone.run();
    IoUtils.safeClose(connection);
  }
}
